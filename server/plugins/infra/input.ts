import fp from 'fastify-plugin'
import type { FastifySchema } from 'fastify'
import { withInputRules } from '../../lib/input-rules.ts'

export interface RouteEntry {
  method: string
  url: string
  /** The schema as the route declared it (without the input rules). */
  schema: FastifySchema | undefined
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route of the app as declared, in order: for tools and tests that walk the whole API. */
    readonly routeTable: readonly RouteEntry[]
  }
}

const PARTS = ['body', 'querystring', 'params', 'headers'] as const

/**
 * The one place request input is held to the rules of server/lib/input-rules.ts: every route's
 * body, query, params and headers schema gets them as the route is declared, so a new route is covered
 * without doing anything. Register before any plugin that declares routes.
 */
export default fp(
  async (app) => {
    const table: RouteEntry[] = []
    app.decorate('routeTable', table)
    app.addHook('onRoute', (route) => {
      const methods = Array.isArray(route.method) ? route.method : [route.method]
      for (const method of methods) table.push({ method, url: route.url, schema: route.schema })
      if (!route.schema) return
      const schema: Record<string, unknown> = { ...route.schema }
      for (const part of PARTS) if (schema[part] !== undefined) schema[part] = withInputRules(schema[part])
      route.schema = schema as FastifySchema
    })
  },
  { name: 'input' },
)
