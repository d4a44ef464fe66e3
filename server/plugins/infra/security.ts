import fp from 'fastify-plugin'
import helmet from '@fastify/helmet'
import rateLimit from '@fastify/rate-limit'
import type { Config } from './config.ts'

/**
 * Security headers with a Content-Security-Policy the map runs under (maplibre and deck.gl start web
 * workers from blob: URLs and load the PostGIS-free wasm of nothing — 'wasm-unsafe-eval' is for the
 * loaders.gl parsers), and rate limits per account, key or address. Limits are opted into per route
 * (`config.rateLimit`) on sign-in, intake and the engine's heavy routes; they count after the request
 * is authenticated, so a district's shared NAT address does not throttle every signed-in operator.
 */
export default fp<{ config: Config }>(
  async (app, { config }) => {
    const external = config.BASEMAP_STYLE_URL ? [new URL(config.BASEMAP_STYLE_URL).origin] : []
    await app.register(helmet, {
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'", "'wasm-unsafe-eval'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:', 'blob:', ...external],
          fontSrc: ["'self'", 'data:', ...external],
          connectSrc: ["'self'", 'ws:', 'wss:', ...external],
          workerSrc: ["'self'", 'blob:'],
          childSrc: ["'self'", 'blob:'],
          objectSrc: ["'none'"],
          frameAncestors: ["'self'"],
          // The wall display and districts often run on plain HTTP inside a LAN.
          upgradeInsecureRequests: null,
        },
      },
      // Tiles and the OGC API are read by QGIS and other origins' map clients.
      crossOriginResourcePolicy: { policy: 'cross-origin' },
      crossOriginEmbedderPolicy: false,
      hsts: false,
    })
    if (config.RATE_LIMIT) {
      await app.register(rateLimit, {
        global: false,
        hook: 'preHandler',
        keyGenerator: (request) => {
          const p = request.principal
          return p ? (p.kind === 'user' ? `u:${p.accountId}` : `k:${p.keyId}`) : `ip:${request.ip}`
        },
        errorResponseBuilder: (_request, context) => ({
          statusCode: 429,
          error: 'Too Many Requests',
          message: `请求过于频繁，请 ${Math.ceil(context.ttl / 1000)} 秒后再试 (rate limit of ${context.max} per ${context.after} reached)`,
          code: 'RATE_LIMITED',
        }),
      })
    }
  },
  { name: 'security', dependencies: ['auth'] },
)
