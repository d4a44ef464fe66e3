import { existsSync } from 'node:fs'
import { join } from 'node:path'
import fp from 'fastify-plugin'
import fastifyStatic from '@fastify/static'

const API_PREFIXES = ['/api/', '/tiles/', '/open311/', '/socket.io/']

/**
 * Serve the built web app from the same port. Unknown paths outside the API get index.html so that
 * deep links such as /explore/D01S01 reopen the same view; unknown API paths stay JSON 404s.
 */
export default fp<{ root: string }>(
  async (app, { root }) => {
    const hasWeb = existsSync(join(root, 'index.html'))
    if (hasWeb) await app.register(fastifyStatic, { root, wildcard: true, index: 'index.html' })
    app.setNotFoundHandler((request, reply) => {
      const path = request.url.split('?')[0]
      const isApi = API_PREFIXES.some((p) => path.startsWith(p))
      // A missing /assets/x.js must stay a 404: answering it with index.html breaks module loading
      // with a confusing MIME error after a redeploy.
      const isFile = /\.[a-z0-9]+$/i.test(path)
      if (!isApi && !isFile && hasWeb && request.method === 'GET') return reply.sendFile('index.html')
      return reply.code(404).send({ error: 'Not Found', message: `no route ${request.method} ${request.url.split('?')[0]}` })
    })
  },
  { name: 'web' },
)
