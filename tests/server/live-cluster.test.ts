import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AddressInfo } from 'node:net'
import { openTestApp, testDatabases, type TestApp } from '../helpers/databases.ts'
import { buildingPlaces, type Place } from '../fixtures/cases/places.ts'
import { intakeBody, postCase } from '../fixtures/cases/api.ts'
import { LiveClient, strictlyIncreasing, waitFor } from '../fixtures/cases/live-client.ts'
import { until } from '../helpers/until.ts'
import { createCase } from '../../server/domain/cases/create-case.ts'
import { toCaseView } from '../../server/domain/cases/view.ts'
import { insertCase, locate } from '../../server/plugins/cases/queries.ts'
import { EVENT_ORDER_LOCK } from '../../server/plugins/cases/log-queries.ts'

// Several instances only exist on a real PostgreSQL (the embedded one is single-instance by design).
const external = testDatabases().find((d) => d.name === 'external')
const needs = 'needs TEST_DATABASE_URL (a real PostgreSQL + PostGIS); not set, so skipped'
if (!external) console.warn(`two-instance fan-out and ordering-lock tests ${needs}`)

describe.skipIf(!external)(`several server instances on one real PostgreSQL (${external ? 'TEST_DATABASE_URL' : needs})`, () => {
  let a: TestApp
  let b: TestApp
  let urlA: string
  let urlB: string
  let places: Place[]
  const clients: LiveClient[] = []
  const listen = async (t: TestApp) => {
    await t.app.listen({ port: 0, host: '127.0.0.1' })
    return `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`
  }
  beforeAll(async () => {
    a = await openTestApp(external!)
    b = await openTestApp(external!)
    urlA = await listen(a)
    urlB = await listen(b)
    places = await buildingPlaces(a.db.pool, 30, 120)
  })
  afterAll(async () => {
    for (const c of clients) c.close()
    await a?.close()
    await b?.close()
  })
  const latest = async () => (await a.db.pool.query('SELECT coalesce(max(id), 0)::int AS id FROM case_events')).rows[0].id as number
  const client = (url: string, lastEventId: number) => {
    const c = new LiveClient(url, { lastEventId, cookie: a.adminCookie })
    clients.push(c)
    return c
  }
  const post = (t: TestApp, i: number) => {
    const p = places[i % places.length]
    return postCase(t.app, intakeBody({ lng: p.lng, lat: p.lat }, { category: 'bike_clutter' }))
  }

  it('shares events through @socket.io/postgres-adapter: a case posted to A reaches a client on B, and back', async () => {
    expect(b.app.live.io.of('/live').adapter.constructor.name).toBe('PostgresAdapter')
    // What B hears from other instances over the adapter (not from its own log reads).
    const heardByB: number[] = []
    b.app.live.io.of('/live').on('live:event', (e: { id: number }) => heardByB.push(e.id))
    const from = await latest()
    const onB = client(urlB, from)
    const onA = client(urlA, from)
    await Promise.all([onB.connected(), onA.connected()])
    await waitFor(() => onB.caughtUp.length === 1 && onA.caughtUp.length === 1, 'both caught up')

    const fromA = (await post(a, 0)).json()
    await waitFor(() => onB.received.some((m) => m.caseId === fromA.id), 'the case posted to A, on B')
    const fromB = (await post(b, 1)).json()
    await waitFor(() => onA.received.some((m) => m.caseId === fromB.id), 'the case posted to B, on A')
    const eventA = onB.received.find((m) => m.caseId === fromA.id)!
    expect(eventA.case.reporter.phone).toBe('********678')
    await waitFor(() => heardByB.includes(eventA.id), 'the adapter message on B')
  })

  it('delivers interleaved writes to both instances to every client once, in id order', async () => {
    const from = await latest()
    const onA = client(urlA, from)
    const onB = client(urlB, from)
    await Promise.all([onA.connected(), onB.connected()])
    const made = await Promise.all(Array.from({ length: 40 }, (_, i) => post(i % 2 ? a : b, i)))
    const ids = made.map((r) => r.json().id)
    for (const c of [onA, onB]) {
      await waitFor(() => ids.every((id) => c.received.some((m) => m.caseId === id)), 'all 40 cases')
      expect(c.connections).toBe(1)
      expect(c.ignored).toBe(0)
      expect(strictlyIncreasing(c.raw.map((r) => r.id))).toBe(true)
    }
    // Snapshots: other test files may keep writing to the same database meanwhile.
    const applied = [onA.ids(), onB.ids()]
    const upTo = Math.max(...applied.map((ids) => ids.at(-1)!))
    const log = (await a.db.pool.query('SELECT id FROM case_events WHERE id > $1 AND id <= $2 ORDER BY id', [from, upTo])).rows.map((r) => r.id)
    for (const ids of applied) expect(ids).toEqual(log.filter((id) => id <= ids.at(-1)!))
  })

  it('lets writers commit in parallel but delivers and serves nothing past an uncommitted earlier id', async () => {
    const from = await latest()
    const onB = client(urlB, from)
    await onB.connected()
    await waitFor(() => onB.caughtUp.length === 1, 'caught-up')
    const holder = await a.db.pool.connect()
    try {
      await holder.query('BEGIN')
      // An event drawn inside a transaction that has not committed yet (holding the ordering lock, shared).
      const p = places[5]
      const at = new Date().toISOString()
      const [placed] = await locate(a.db.pool, [{ lng: p.lng, lat: p.lat, category: 'noise', at }])
      const { nextId, duplicateOf, existingId: _e, ...placement } = placed
      const { state, event } = createCase(intakeBody(p, { category: 'noise' }) as never, {
        id: nextId, location: { lng: p.lng, lat: p.lat }, placement, possibleDuplicateOf: duplicateOf, at, actor: 'slow-writer',
      })
      const slowId = (await insertCase(holder, state, event, toCaseView(state, at)))!
      const locks = await a.db.pool.query(
        `SELECT mode FROM pg_locks WHERE locktype = 'advisory' AND objid = $1 AND granted`, [EVENT_ORDER_LOCK],
      )
      expect(locks.rows.map((r) => r.mode)).toEqual(['ShareLock'])

      // Another writer is not held up: it commits a later id at once.
      const fast = (await post(b, 6)).json()
      const fastId = (await b.app.inject(`/api/cases/${fast.id}`)).json().events[0].id
      expect(fastId).toBeGreaterThan(slowId)
      // But no reader is shown the later id while the earlier may still commit.
      await new Promise((r) => setTimeout(r, 400))
      expect(onB.received.some((m) => m.id >= slowId)).toBe(false)
      const served = (await b.app.inject(`/api/events?after=${slowId - 1}&limit=10`)).json().events
      expect(served).toEqual([])

      // The instances now try to settle the hole: each waits for the slow writer, and new writers queue
      // behind a waiting reader. A reader that waited until the slow writer ends (a bulk import, say) would
      // hold up all intake until then. It gives up instead, so writers still commit while the hole stays.
      await until(async () => (await a.db.pool.query(
        `SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND objid = $1 AND mode = 'ExclusiveLock' AND NOT granted`, [EVENT_ORDER_LOCK],
      )).rowCount! > 0, 'a settling read waiting for the slow writer', 15_000, 10)
      const during: number[] = []
      for (let i = 0; i < 4; i++) during.push((await post(i % 2 ? a : b, 7 + i)).json().id)
      expect(during).toHaveLength(4)
      expect(onB.received.some((m) => m.id >= slowId)).toBe(false)

      await holder.query('COMMIT')
      await waitFor(() => onB.received.some((m) => m.id === fastId), 'the later event after the commit')
      const ids = onB.ids()
      expect(ids.indexOf(slowId)).toBeGreaterThanOrEqual(0)
      expect(ids.indexOf(slowId)).toBeLessThan(ids.indexOf(fastId))
      expect(strictlyIncreasing(onB.raw.map((r) => r.id))).toBe(true)
      const after = (await b.app.inject(`/api/events?after=${slowId - 1}&limit=10`)).json().events.map((e: { id: number }) => e.id)
      expect(after.slice(0, 1)).toEqual([slowId])
      expect(after).toContain(fastId)
    } finally {
      await holder.query('ROLLBACK').catch(() => {})
      holder.release()
    }
  })
})
