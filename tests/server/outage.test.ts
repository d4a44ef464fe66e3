/**
 * The database goes away under load and comes back: two server instances (in this process, on real
 * sockets) on a private PostgreSQL 15 cluster take 20 cases a second while the cluster is stopped for
 * 10 s, and again while every server connection is terminated. The process must keep serving; writes
 * answer 503 DB_UNAVAILABLE with Retry-After meanwhile; health says degraded and is ok again soon
 * after; every case that got a 2xx is stored, none that did not; live clients end with every event
 * exactly once, a disconnected one by replaying; and the postgres adapter LISTENs again by itself.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AddressInfo } from 'node:net'
import pg from 'pg'
import { privateClusterUnavailable, startPrivateCluster, type PrivateCluster } from '../helpers/private-cluster.ts'
import { until } from '../helpers/until.ts'
import { TEST_SEED } from '../global-setup.ts'
import { buildingPlaces, type Place } from '../fixtures/cases/places.ts'
import { intakeBody } from '../fixtures/cases/api.ts'
import { LiveClient, strictlyIncreasing } from '../fixtures/cases/live-client.ts'
import { connectDatabase, type Database } from '../../server/db/connect.ts'
import { buildApp, type App } from '../../server/app.ts'
import { loadConfig } from '../../server/plugins/infra/config.ts'
import { DEMO_PASSWORD, signInOverHttp } from '../helpers/auth.ts'
import { migrate } from '../../server/db/migrate.ts'
import { ensureDemoData } from '../../server/db/seed.ts'

/** Every HTTP request of this file carries these (the one place to add authentication). */
/** Every request's headers; the session cookie of the demo's commander is added once the instances run. */
const HEADERS: Record<string, string> = { 'content-type': 'application/json' }
const RATE_PER_S = 20
const OUTAGE_MS = 10_000
const RECOVERY_MS = 5_000
/** The test's own connections, which cutting the server's connections spares. */
const CHECKER = 'outage-test-checks'

const missing = privateClusterUnavailable()
if (missing) console.warn(`database outage tests need ${missing}; not found, so skipped`)

interface Sent {
  externalId: string
  sentAt: number
  doneAt?: number
  status?: number
  code?: string
  retryAfter?: string | null
  caseId?: number
  error?: string
}
const accepted = (s: Sent) => s.status !== undefined && s.status >= 200 && s.status < 300

/** Steady intake: one POST every 1000/RATE_PER_S ms, alternating between the instances, never waiting for answers. */
class Intake {
  readonly sent: Sent[] = []
  private timer: ReturnType<typeof setInterval> | undefined
  private readonly inFlight = new Set<Promise<void>>()

  constructor(
    private readonly bases: string[],
    private readonly prefix: string,
    private readonly places: Place[],
  ) {}

  start() {
    this.timer = setInterval(() => {
      const p = this.post(this.sent.length)
      this.inFlight.add(p)
      void p.finally(() => this.inFlight.delete(p))
    }, 1000 / RATE_PER_S)
  }

  async stop() {
    clearInterval(this.timer)
    await Promise.all(this.inFlight)
  }

  accepted(since = 0) {
    return this.sent.filter((s) => accepted(s) && s.sentAt >= since)
  }

  private async post(i: number) {
    const s: Sent = { externalId: `${this.prefix}-${i}`, sentAt: Date.now() }
    this.sent.push(s)
    const place = this.places[i % this.places.length]
    try {
      const res = await fetch(`${this.bases[i % this.bases.length]}/api/cases`, {
        method: 'POST',
        headers: HEADERS,
        body: JSON.stringify(intakeBody(place, { externalId: s.externalId })),
        signal: AbortSignal.timeout(20_000),
      })
      const body = (await res.json()) as { id?: number; code?: string }
      Object.assign(s, { status: res.status, code: body.code, retryAfter: res.headers.get('retry-after'), caseId: body.id })
    } catch (err) {
      s.error = String(err)
    }
    s.doneAt = Date.now()
  }
}

/** /api/health sampled back to back, each sample with when it was asked and answered. */
class HealthWatch {
  readonly samples: { askedAt: number; doneAt: number; status: string; reason?: string }[] = []
  private stopped = false
  private loop: Promise<void> | undefined

  constructor(private readonly base: string) {}

  start() {
    this.loop = (async () => {
      while (!this.stopped) {
        const askedAt = Date.now()
        try {
          const res = await fetch(`${this.base}/api/health`, { headers: HEADERS, signal: AbortSignal.timeout(10_000) })
          const body = (await res.json()) as { status: string; reason?: string }
          this.samples.push({ askedAt, doneAt: Date.now(), status: res.status === 200 ? body.status : `http ${res.status}`, reason: body.reason })
        } catch (err) {
          this.samples.push({ askedAt, doneAt: Date.now(), status: `failed: ${String(err)}` })
        }
        // A sampling rate, not a wait for a condition.
        await new Promise((r) => setTimeout(r, 100))
      }
    })()
  }

  async stop() {
    this.stopped = true
    await this.loop
  }

  firstOkAfter(t: number) {
    return this.samples.find((h) => h.askedAt >= t && h.status === 'ok')
  }
}

interface Instance {
  app: App
  db: Database
  base: string
}

describe.skipIf(missing)(`the database going away (${missing ? `needs ${missing}` : 'private PostgreSQL 15 cluster'})`, () => {
  let cluster: PrivateCluster
  let check: pg.Pool
  let a: Instance
  let b: Instance
  let places: Place[]
  const clients: LiveClient[] = []
  /** Event ids instance B heard from A over the postgres adapter (not from its own log reads). */
  const heardByB: number[] = []
  const uncaught: unknown[] = []
  const recordUncaught = (err: unknown) => uncaught.push(err)

  async function instance(url: string): Promise<Instance> {
    const db = await connectDatabase({ url, poolSize: 8 })
    // No rate limits: the steady intake is one account's 20 requests a second.
    const app = await buildApp({ config: loadConfig({ RATE_LIMIT: 'false' }), db, webRoot: false })
    await app.listen({ port: 0, host: '127.0.0.1' })
    return { app, db, base: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}` }
  }

  beforeAll(async () => {
    process.on('uncaughtException', recordUncaught)
    process.on('unhandledRejection', recordUncaught)
    cluster = await startPrivateCluster()
    check = new pg.Pool({ connectionString: cluster.url, max: 2, application_name: CHECKER })
    // This pool's idle connections die with the cluster too; the test only cares about its queries.
    check.on('error', () => {})
    await migrate(check)
    await ensureDemoData(check, { seed: TEST_SEED, scale: 1, log: () => {} })
    places = await buildingPlaces(check, 40, 0)
    a = await instance(cluster.url)
    b = await instance(cluster.url)
    b.app.live.io.of('/live').on('live:event', (e: { id: number }) => heardByB.push(e.id))
    HEADERS.cookie = await signInOverHttp(a.base, 'commander', DEMO_PASSWORD)
    await until(async () => (await listeners()).length === 2, 'both instances LISTENing')
  })

  afterAll(async () => {
    for (const c of clients) c.close()
    const closeInstances = async () => {
      for (const i of [a, b]) {
        await i?.app.close()
        await i?.db.close()
      }
    }
    let timer: ReturnType<typeof setTimeout> | undefined
    try {
      // A pool that leaked a connection never ends; the cluster must not outlive the test for it.
      await Promise.race([
        closeInstances(),
        new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('the instances did not close within 20 s')), 20_000))),
      ])
    } finally {
      clearTimeout(timer)
      await check?.end()
      await cluster?.close()
      process.off('uncaughtException', recordUncaught)
      process.off('unhandledRejection', recordUncaught)
    }
  })

  const latest = async () => (await check.query('SELECT coalesce(max(id), 0)::int AS id FROM case_events')).rows[0].id as number
  const listeners = async () =>
    (await check.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN%'`)).rows.map((r) => r.pid)
  const client = (i: Instance, lastEventId: number, opts: { reconnection?: boolean; retryMs?: number } = {}) => {
    const c = new LiveClient(i.base, { lastEventId, cookie: HEADERS.cookie, ...opts })
    clients.push(c)
    return c
  }

  /** Stored cases against answers, live streams against the log, the adapter working again. */
  async function verify(intake: Intake, from: number, steady: LiveClient[], replaying: LiveClient[], onB: LiveClient): Promise<number> {
    expect(uncaught).toEqual([])
    expect(intake.sent.filter((s) => s.error !== undefined || s.status === undefined)).toEqual([])
    // Every refusal is the outage's 503, never a 500 or anything else.
    const refused = intake.sent.filter((s) => !accepted(s))
    expect(refused.filter((s) => s.status !== 503 || s.code !== 'DB_UNAVAILABLE' || s.retryAfter !== '5')).toEqual([])

    const { rows } = await check.query<{ id: number; external_id: string; events: number }>(
      `SELECT c.id, c.external_id, (SELECT count(*) FROM case_events e WHERE e.case_id = c.id)::int AS events
       FROM cases c WHERE c.source = 'hotline_12345' AND c.external_id = ANY($1::text[])`,
      [intake.sent.map((s) => s.externalId)],
    )
    const stored = new Map(rows.map((r) => [r.external_id, r]))
    // Acknowledged: stored, under the id the client was given. Not acknowledged: not there at all.
    expect(intake.accepted().filter((s) => stored.get(s.externalId)?.id !== s.caseId)).toEqual([])
    expect(refused.filter((s) => stored.has(s.externalId))).toEqual([])
    // No case without its first event (nothing half-written).
    expect(rows.filter((r) => r.events !== 1)).toEqual([])

    const log = (await check.query<{ id: number }>('SELECT id FROM case_events WHERE id > $1 ORDER BY id', [from])).rows.map((r) => r.id)
    for (const c of [...steady, ...replaying]) {
      await until(() => c.received.length >= log.length, `a live client to receive all ${log.length} events`)
      expect(c.ids()).toEqual(log)
      // (A connection sent away before any event has no entry.)
      for (const ids of c.perConnection().filter(Boolean)) expect(strictlyIncreasing(ids)).toBe(true)
    }
    // Connected throughout: every event once, on one connection.
    for (const c of steady) {
      expect(c.connections).toBe(1)
      expect(c.ignored).toBe(0)
    }

    // Dead connections left the pools (none lent out for good, e.g. to a LISTEN that died).
    await until(() => [a, b].every((i) => i.db.pool.totalCount === i.db.pool.idleCount), 'every pool connection back and idle')

    // The adapter LISTENs again: a case posted to A reaches B over it.
    await until(async () => (await listeners()).length === 2, 'both instances LISTENing again', RECOVERY_MS)
    const probe = await fetch(`${a.base}/api/cases`, {
      method: 'POST',
      headers: HEADERS,
      body: JSON.stringify(intakeBody(places[0], { externalId: `probe-${Date.now()}` })),
    })
    const { id: caseId } = (await probe.json()) as { id: number }
    await until(() => onB.received.some((m) => m.caseId === caseId), 'the probe case on a client of B')
    const eventId = onB.received.find((m) => m.caseId === caseId)!.id
    await until(() => heardByB.includes(eventId), 'the probe event heard by B over the postgres adapter')
    return rows.length
  }

  it(
    'keeps serving while PostgreSQL is stopped for 10 s under 20 intakes/s, and recovers by itself',
    async () => {
      const from = await latest()
      const steady = [client(a, from), client(b, from)]
      const away = client(a, from, { reconnection: true, retryMs: 300 })
      await Promise.all([...steady, away].map((c) => c.connected()))
      await until(() => [...steady, away].every((c) => c.caughtUp.length === 1), 'live clients caught up')

      const intake = new Intake([a.base, b.base], `outage-stop-${Date.now()}`, places)
      const health = new HealthWatch(a.base)
      intake.start()
      health.start()
      await until(() => intake.accepted().length >= 20, '20 cases accepted before the outage')
      // A screen that loses its connection now misses these events, and tries to replay them mid-outage.
      away.socket.disconnect()
      const seen = intake.accepted().length
      await until(() => intake.accepted().length >= seen + 10, 'cases the disconnected client misses')

      const stopping = Date.now()
      await cluster.stop('fast')
      const down = Date.now()
      away.socket.connect()
      await until(() => intake.sent.some((s) => s.sentAt >= down && s.status === 503), 'a 503 during the outage')
      await until(() => health.samples.some((h) => h.askedAt >= down && h.status === 'degraded'), 'health degraded')
      await until(() => away.disconnects.includes('io server disconnect'), 'the replay refused while the log cannot be read')
      // Open311 answers in GeoReport's own error shape, with the same 503 and Retry-After.
      const open311 = await fetch(`${b.base}/open311/v2/requests.json`, {
        method: 'POST',
        headers: { ...HEADERS, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ service_code: 'street_lighting', lat: String(places[1].lat), long: String(places[1].lng), description: '路灯不亮' }),
      })
      expect([open311.status, open311.headers.get('retry-after')]).toEqual([503, '5'])
      expect(await open311.json()).toEqual([{ code: 503, description: expect.stringMatching(/database/) }])
      // The deliberate outage.
      await new Promise((r) => setTimeout(r, Math.max(0, down + OUTAGE_MS - Date.now())))

      // pg_ctl returns a little after the server accepts connections: the outage ends when it is called.
      const starting = Date.now()
      await cluster.start()
      const up = Date.now()
      await until(() => health.firstOkAfter(starting) !== undefined, 'health ok again', RECOVERY_MS)
      await until(() => intake.accepted(starting).length > 0, 'a case accepted again', RECOVERY_MS)
      await until(() => intake.accepted(up).length >= 40, '40 cases accepted after the outage')
      await intake.stop()
      await health.stop()

      const during = health.samples.filter((h) => h.askedAt >= down && h.doneAt <= starting)
      expect(during.length).toBeGreaterThan(10)
      expect(during.filter((h) => h.status !== 'degraded')).toEqual([])
      expect(during[0].reason).toMatch(/^the database cannot be (reached|used) \(/)
      // Refusals only around the outage.
      const refused = intake.sent.filter((s) => !accepted(s))
      expect(refused.filter((s) => s.doneAt! < stopping || s.sentAt > up + RECOVERY_MS)).toEqual([])
      const stored = await verify(intake, from, steady, [away], steady[1])
      expect(away.connections).toBeGreaterThanOrEqual(2)

      const firstOk = Math.min(...intake.accepted(starting).map((s) => s.doneAt!))
      console.log(
        `[outage: stop ${OUTAGE_MS / 1000} s] sent ${intake.sent.length}, 2xx ${intake.accepted().length}, ` +
          `503 ${refused.length}, stored ${stored}; ` +
          `after pg_ctl start was called (it took ${up - starting} ms): health ok in ${health.firstOkAfter(starting)!.doneAt - starting} ms, ` +
          `first case accepted in ${firstOk - starting} ms; ` +
          `LISTEN connections replaced: ${(await listeners()).length}/2`,
      )
    },
    60_000,
  )

  it(
    'survives every server connection being terminated (pg_terminate_backend) under 20 intakes/s',
    async () => {
      const from = await latest()
      const steady = [client(a, from), client(b, from)]
      await Promise.all(steady.map((c) => c.connected()))
      await until(() => steady.every((c) => c.caughtUp.length === 1), 'live clients caught up')
      await until(async () => (await listeners()).length === 2, 'both instances LISTENing')
      const before = await listeners()

      const intake = new Intake([a.base, b.base], `outage-kill-${Date.now()}`, places)
      const health = new HealthWatch(a.base)
      intake.start()
      health.start()
      await until(() => intake.accepted().length >= 20, '20 cases accepted before the connections are cut')
      const cut = Date.now()
      const terminated = await cluster.terminateAll(CHECKER)
      expect(terminated).toBeGreaterThanOrEqual(2)
      await until(async () => {
        const now = await listeners()
        return now.length === 2 && now.every((pid) => !before.includes(pid))
      }, 'both LISTEN connections replaced', RECOVERY_MS)
      const replacedMs = Date.now() - cut
      // Cut again a few times under way, so some cuts fall on statements being run.
      let cuts = 1
      let total = terminated
      for (; cuts < 5; cuts++) {
        const n = intake.accepted().length
        await until(() => intake.accepted().length >= n + 5, 'cases accepted between cuts')
        total += await cluster.terminateAll(CHECKER)
      }
      await until(() => intake.accepted(cut).length >= 40, '40 cases accepted after the cut')
      await intake.stop()
      await health.stop()

      expect(health.firstOkAfter(cut)).toBeDefined()
      const stored = await verify(intake, from, steady, [], steady[1])
      const refused = intake.sent.filter((s) => !accepted(s))
      const firstOk = Math.min(...intake.accepted(cut).map((s) => s.doneAt!))
      console.log(
        `[outage: pg_terminate_backend ${cuts} times, ${total} connections] sent ${intake.sent.length}, 2xx ${intake.accepted().length}, ` +
          `503 ${refused.length}, stored ${stored}; first case accepted ${firstOk - cut} ms after the cut, LISTEN replaced within ${replacedMs} ms`,
      )
    },
    45_000,
  )
})
