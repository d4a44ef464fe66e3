import { Type, type Static } from '@sinclair/typebox'
import { Value } from '@sinclair/typebox/value'

/** Every environment variable the server reads, validated once at boot. */
const EnvSchema = Type.Object({
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 8080 }),
  HOST: Type.String({ default: '127.0.0.1' }),
  /** A PostgreSQL + PostGIS server. Unset: an embedded PostGIS (PGlite) under DATA_DIR. */
  DATABASE_URL: Type.Optional(Type.String({ minLength: 1 })),
  DATA_DIR: Type.String({ default: '.data' }),
  /** Seed and scale of the demo district loaded into an empty database. */
  DEMO_SEED: Type.Integer({ default: 20240701 }),
  DEMO_SCALE: Type.Number({ exclusiveMinimum: 0, maximum: 50, default: 1 }),
  /** Set to "false" to start with an empty geography (a real district imports its own). */
  DEMO_DATA: Type.Boolean({ default: true }),
  /** Days of generated case history loaded with the demo district while it has no cases (0: none). */
  DEMO_HISTORY_DAYS: Type.Integer({ minimum: 0, maximum: 730, default: 90 }),
  /** Background reports per day in that history (planted hotspots come on top). */
  DEMO_HISTORY_PER_DAY: Type.Integer({ minimum: 1, maximum: 5000, default: 100 }),
  /** An external maplibre style URL, for sites with internet; default is the built-in basemap. */
  BASEMAP_STYLE_URL: Type.Optional(Type.String()),
  /** Walking speed for service circles; 4 km/h after GB 50180-2018's 5-minute ≈ 300 m. */
  WALK_SPEED_KMH: Type.Number({ exclusiveMinimum: 0, maximum: 10, default: 4 }),
  /** Set to "true" to feed the server simulated cases through its own API (server/simulator). */
  SIMULATE: Type.Boolean({ default: false }),
  /** Simulated time per real time for SIMULATE (60: an hour a minute). */
  SIMULATE_SPEED: Type.Number({ exclusiveMinimum: 0, maximum: 10_000, default: 10 }),
  /**
   * Worker threads for the coverage engine (what-if, siting, isochrones, gaps), each holding its own model
   * of the district; 0 answers in the request thread, where one heavy question holds up every request.
   */
  ENGINE_WORKERS: Type.Integer({ minimum: 0, maximum: 16, default: 1 }),
  /** Who cuts vector tiles: auto = ST_AsMVT where PostGIS can encode MVT, else geojson-vt in memory. */
  TILE_BACKEND: Type.Union([Type.Literal('auto'), Type.Literal('geojson-vt'), Type.Literal('postgis')], { default: 'auto' }),
  /** The first administrator, created when the database has no accounts (a generated password is printed once if unset). */
  ADMIN_USERNAME: Type.String({ pattern: '^[A-Za-z0-9_.-]{2,32}$', default: 'admin' }),
  ADMIN_PASSWORD: Type.Optional(Type.String({ minLength: 8 })),
  /** How long a sign-in lasts; a wall display's kiosk session lasts 30 days. */
  SESSION_HOURS: Type.Integer({ minimum: 1, maximum: 24 * 90, default: 12 }),
  /** Mark the session cookie Secure (only sent over HTTPS): auto = when the request came over HTTPS. */
  COOKIE_SECURE: Type.Union([Type.Literal('auto'), Type.Literal('true'), Type.Literal('false')], { default: 'auto' }),
  /** Run the hotspot detector (热点预警) in the background: after new cases and every minute. */
  HOTSPOT_DETECTION: Type.Boolean({ default: true }),
  /** Per-account/key/IP rate limits on sign-in, intake and heavy routes (false only for tests and benchmarks). */
  RATE_LIMIT: Type.Boolean({ default: true }),
  LOG_LEVEL: Type.Union(
    [Type.Literal('fatal'), Type.Literal('error'), Type.Literal('warn'), Type.Literal('info'), Type.Literal('debug'), Type.Literal('silent')],
    { default: 'info' },
  ),
})

export type Config = Static<typeof EnvSchema>

export class ConfigError extends Error {}

/** Parse and validate the environment; throws a ConfigError that names every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const picked: Record<string, unknown> = {}
  for (const key of Object.keys(EnvSchema.properties)) {
    const v = env[key]
    if (v !== undefined && v !== '') picked[key] = v
  }
  const converted = Value.Convert(EnvSchema, Value.Default(EnvSchema, picked))
  const errors = [...Value.Errors(EnvSchema, converted)]
  if (errors.length > 0) {
    const lines = errors.map((e) => `${e.path.slice(1) || '(root)'}: ${e.message} (got ${JSON.stringify(e.value)})`)
    throw new ConfigError(`invalid configuration:\n  ${lines.join('\n  ')}`)
  }
  return converted as Config
}
