import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import type { Config } from '../infra/config.ts'

const Health = Type.Object({
  status: Type.Literal('ok'),
  database: Type.Union([Type.Literal('embedded'), Type.Literal('external')]),
  postgis: Type.String(),
})

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
  app.get('/api/health', { config: { access: 'public' }, schema: { response: { 200: Health } } }, async () => {
    await app.db.pool.query('SELECT 1')
    return { status: 'ok' as const, database: app.db.mode, postgis: app.db.postgis }
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
