import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import type { Config } from '../infra/config.ts'
import { checkDatabase } from '../../db/unavailable.ts'

const Health = Type.Object({
  /** degraded: the process serves, but the database cannot be used; writes answer 503 meanwhile. */
  status: Type.Union([Type.Literal('ok'), Type.Literal('degraded')]),
  /** Why it is degraded (absent when ok). */
  reason: Type.Optional(Type.String()),
  database: Type.Union([Type.Literal('embedded'), Type.Literal('external')]),
  postgis: Type.String(),
})

/**
 * How long health waits for a real database before calling it unreachable. The embedded one lives in
 * this process and cannot be unreachable, but it runs one query at a time, so a busy moment (a tile
 * cut, a coverage model) must not read as an outage: health waits for it.
 */
const HEALTH_TIMEOUT_MS = 5000

const ClientConfig = Type.Object({
  district: Type.Union([
    Type.Object({
      id: Type.String(),
      name: Type.String(),
      bbox: Type.Array(Type.Number(), { minItems: 4, maxItems: 4 }),
      center: Type.Array(Type.Number(), { minItems: 2, maxItems: 2 }),
    }),
    Type.Null(),
  ]),
  basemapStyleUrl: Type.Union([Type.String(), Type.Null()]),
  walkSpeedKmh: Type.Number(),
})

/** Health for load balancers and operators; the settings the web app needs at start. */
const system: FastifyPluginAsyncTypebox<{ config: Config }> = async (app, { config }) => {
  // 200 either way: the process is alive and recovers by itself when the database returns, so a
  // supervisor must not restart it; monitoring reads `status`.
  app.get('/api/health', { config: { access: 'public' }, schema: { response: { 200: Health } } }, async () => {
    const check = await checkDatabase(app.db.pool, app.db.mode === 'external' ? HEALTH_TIMEOUT_MS : null)
    const base = { database: app.db.mode, postgis: app.db.postgis }
    return check.ok ? { status: 'ok' as const, ...base } : { status: 'degraded' as const, reason: check.reason, ...base }
  })

  app.get('/api/config', { config: { access: 'public' }, schema: { response: { 200: ClientConfig } } }, async () => {
    const { rows } = await app.db.pool.query<{ id: string; name: string; bbox: string; center: string }>(
      `SELECT id, name, ST_AsGeoJSON(ST_Envelope(geom)) AS bbox, ST_AsGeoJSON(ST_PointOnSurface(geom)) AS center
       FROM areas WHERE level = 'district' ORDER BY code LIMIT 1`,
    )
    const d = rows[0]
    let district = null
    if (d) {
      const ring: number[][] = JSON.parse(d.bbox).coordinates[0]
      const xs = ring.map((p) => p[0])
      const ys = ring.map((p) => p[1])
      district = {
        id: d.id,
        name: d.name,
        bbox: [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)],
        center: JSON.parse(d.center).coordinates as number[],
      }
    }
    return { district, basemapStyleUrl: config.BASEMAP_STYLE_URL ?? null, walkSpeedKmh: config.WALK_SPEED_KMH }
  })
}

export default system
