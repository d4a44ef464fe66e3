import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AddressInfo } from 'node:net'
import { openTestApp, testDatabases, type TestApp } from '../helpers/databases.ts'
import { buildingPlaces, outsidePlace, type Place } from '../fixtures/cases/places.ts'
import { act, intakeBody, postCase } from '../fixtures/cases/api.ts'
import { LiveClient, strictlyIncreasing, waitFor, type CaseEventMessage } from '../fixtures/cases/live-client.ts'

/** One connection, and on it every event once, in increasing id order. */
function expectOneCleanStream(c: LiveClient) {
  expect(c.connections).toBe(1)
  expect(c.ignored).toBe(0)
  expect(strictlyIncreasing(c.raw.map((r) => r.id))).toBe(true)
}

describe.each(testDatabases())('live push over socket.io on the $name database', (target) => {
  let t: TestApp
  let url: string
  let places: Place[]
  const clients: LiveClient[] = []
  beforeAll(async () => {
    t = await openTestApp(target)
    await t.app.listen({ port: 0, host: '127.0.0.1' })
    url = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`
    places = await buildingPlaces(t.db.pool, 40, 60)
  })
  afterAll(async () => {
    for (const c of clients) c.close()
    await t?.close()
  })
  const client = (opts: ConstructorParameters<typeof LiveClient>[1] = {}) => {
    const c = new LiveClient(url, { cookie: t.adminCookie, ...opts })
    clients.push(c)
    return c
  }
  const latest = async () => (await t.db.pool.query('SELECT coalesce(max(id), 0)::int AS id FROM case_events')).rows[0].id as number
  /** The log between two ids over HTTP, as a reference. */
  async function logBetween(after: number, upTo: number): Promise<CaseEventMessage[]> {
    const out: CaseEventMessage[] = []
    for (let cursor = after; cursor < upTo; ) {
      const page = (await t.app.inject(`/api/events?after=${cursor}&limit=5000`)).json().events as CaseEventMessage[]
      const within = page.filter((e) => e.id <= upTo)
      out.push(...within)
      if (within.length < page.length || page.length === 0) break
      cursor = page[page.length - 1].id
    }
    return out
  }
  /**
   * What the client applied equals the log over the same span. Taken as one snapshot: the client keeps
   * receiving what other test files write meanwhile.
   */
  async function expectAppliedMatchesLog(c: LiveClient, from: number) {
    const applied = c.received.slice()
    const reference = await logBetween(from, applied.at(-1)!.id)
    expect(applied.map((m) => m.id)).toEqual(reference.map((e) => e.id))
    expect(applied).toEqual(reference)
    return reference.map((e) => e.id)
  }
  const post = (i: number, over: Record<string, unknown> = {}) => {
    const p = places[i % places.length]
    return postCase(t.app, intakeBody({ lng: p.lng, lat: p.lat }, { category: 'sanitation', ...over }))
  }

  it('pushes a committed new case as case-event {id, type, caseId, at, case} with the reporter masked', async () => {
    const c = client({ lastEventId: await latest() })
    await c.connected()
    await waitFor(() => c.caughtUp.length === 1, 'caught-up')
    const created = (await post(0)).json()
    await waitFor(() => c.received.some((m) => m.caseId === created.id), 'the new case')
    const m = c.received.find((x) => x.caseId === created.id)!
    expect(Object.keys(m).sort()).toEqual(['actor', 'at', 'case', 'caseId', 'id', 'type'])
    expect(m).toMatchObject({ type: 'created', caseId: created.id, case: { id: created.id, status: 'received', gridId: places[0].gridId } })
    expect(m.case.reporter).toEqual({ name: '李**', phone: '********678' })
    expect(JSON.stringify(m)).not.toMatch(/13812345678|李小龙/)
    // The same event over HTTP.
    const [logged] = (await t.app.inject(`/api/events?after=${m.id - 1}&limit=1`)).json().events
    expect(logged).toEqual(m)
  })

  it('pushes only after commit: whatever a client receives is already readable from the database', async () => {
    const c = client({ lastEventId: await latest() })
    await c.connected()
    const checks: Promise<boolean>[] = []
    c.socket.on('case-event', (m: CaseEventMessage) => {
      // A separate connection, at the moment of receipt.
      checks.push(t.db.pool.query('SELECT 1 FROM case_events WHERE id = $1', [m.id]).then((r) => r.rowCount === 1))
    })
    const made = await Promise.all(Array.from({ length: 12 }, (_, i) => post(i + 1)))
    const ids = new Set(made.map((r) => r.json().id))
    await waitFor(() => c.received.filter((m) => ids.has(m.caseId)).length === 12, '12 cases')
    expect(await Promise.all(checks)).not.toContain(false)
  })

  it('pushes every transition of a case in order', async () => {
    const c = client({ lastEventId: await latest() })
    await c.connected()
    const id = (await post(13)).json().id
    const p = places[13]
    await act(t.app, id, { action: 'dispatch', level: 'grid', to: p.gridId })
    await act(t.app, id, { action: 'start' })
    await act(t.app, id, { action: 'resolve', level: 'building' })
    await waitFor(() => c.received.filter((m) => m.caseId === id).length === 4, 'four events of the case')
    const mine = c.received.filter((m) => m.caseId === id)
    expect(mine.map((m) => [m.type, m.case.status])).toEqual([
      ['created', 'received'], ['dispatched', 'dispatched'], ['started', 'handling'], ['resolved', 'resolved'],
    ])
    expectOneCleanStream(c)
  })

  it('replays everything after lastEventId from the log, in order and once, before live events', async () => {
    const from = await latest()
    const made = await Promise.all(Array.from({ length: 15 }, (_, i) => post(i + 14)))
    const last = Math.max(...(await t.db.pool.query('SELECT max(id)::int AS id FROM case_events WHERE case_id = ANY($1)', [made.map((r) => r.json().id)])).rows.map((r) => r.id))
    // Once this instance has passed them (other test files write to the same database meanwhile),
    // a new client must get all of them in its replay.
    await waitFor(() => t.app.live.watermark() >= last, 'the instance to pass the new events')
    const c = client({ lastEventId: from })
    await c.connected()
    await waitFor(() => c.caughtUp.length === 1, 'caught-up')
    const replayed = c.ids().length
    expect(c.caughtUp[0]).toBeGreaterThanOrEqual(last)
    expect(c.ids().filter((id) => id <= last)).toHaveLength(c.ids().indexOf(last) + 1)
    const live = (await post(29)).json()
    await waitFor(() => c.received.some((m) => m.caseId === live.id), 'a live event after the replay')
    expect(c.received.length).toBeGreaterThan(replayed)
    await expectAppliedMatchesLog(c, from)
    expectOneCleanStream(c)
  })

  it('gives a client dropped mid-stream every event exactly once after it reconnects', async () => {
    const from = await latest()
    const c = client({ lastEventId: from, reconnection: true })
    await c.connected()
    let dropped = false
    let reconnected = 0
    let atReconnect = 0
    let replayed = 0
    c.socket.io.on('reconnect', () => {
      reconnected++
      atReconnect = c.received.length
    })
    c.socket.on('caught-up', () => {
      if (reconnected) replayed = c.received.length - atReconnect
    })
    c.socket.on('case-event', () => {
      if (!dropped && c.received.length >= 8) {
        dropped = true
        // Cut the transport under the client, as a network failure would.
        c.socket.io.engine.close()
      }
    })
    const made: number[] = []
    for (let round = 0; round < 6; round++) {
      const batch = await Promise.all(Array.from({ length: 6 }, (_, i) => post(round * 6 + i)))
      made.push(...batch.map((r) => r.json().id))
    }
    await waitFor(() => made.every((id) => c.received.some((m) => m.caseId === id)), 'every case after the drop')
    expect(dropped).toBe(true)
    expect(reconnected).toBeGreaterThanOrEqual(1)
    // Cases committed while it was away came back from the log.
    expect(replayed).toBeGreaterThan(0)
    // What the screen applied: every event exactly once, as in the log.
    const reference = await expectAppliedMatchesLog(c, from)
    // What the server sent on each connection: in order, once, and starting right after the id offered.
    expect(c.perConnection().length).toBe(c.connections)
    c.perConnection().forEach((ids, i) => {
      expect(strictlyIncreasing(ids)).toBe(true)
      // The first connection offered `from` (reference starts after it); later ones their last applied id.
      expect(ids[0]).toBe(i === 0 ? reference[0] : reference[reference.indexOf(c.offered[i]!) + 1])
    })
  })

  it('does not double events that arrive while a replay is running', async () => {
    const from = await latest()
    // A backlog to replay, then a client that connects while more cases keep coming.
    await Promise.all(Array.from({ length: 20 }, (_, i) => post(i)))
    const burst = Promise.all(Array.from({ length: 30 }, (_, i) => post(i + 20)))
    const c = client({ lastEventId: from })
    await c.connected()
    const ids = new Set((await burst).map((r) => r.json().id))
    await waitFor(() => [...ids].every((id) => c.received.some((m) => m.caseId === id)), 'the burst')
    expectOneCleanStream(c)
    await expectAppliedMatchesLog(c, from)
  })

  it('sends a client subscribed to an area only the events inside it, at any level', async () => {
    const street = places[0].streetId!
    const elsewhere = places.find((p) => p.streetId !== street)!
    const from = await latest()
    const byStreet = client({ lastEventId: from, areaId: street })
    const byGrid = client({ lastEventId: from, areaId: places[0].gridId! })
    const byDistrict = client({ lastEventId: from, areaId: places[0].districtId! })
    await Promise.all([byStreet.connected(), byGrid.connected(), byDistrict.connected()])
    const inside = (await post(0)).json()
    const outside = (await postCase(t.app, intakeBody({ lng: elsewhere.lng, lat: elsewhere.lat }, { category: 'noise' }))).json()
    const beyond = (await postCase(t.app, intakeBody(await outsidePlace(t.db.pool), { category: 'noise' }))).json()
    const marker = (await post(0)).json()
    await waitFor(() => byStreet.received.some((m) => m.caseId === marker.id) && byGrid.received.some((m) => m.caseId === marker.id), 'the marker case')
    await waitFor(() => byDistrict.received.some((m) => m.caseId === outside.id), 'the other street in the district')
    for (const c of [byStreet, byGrid, byDistrict]) expectOneCleanStream(c)
    expect(byStreet.received.every((m) => m.case.streetId === street)).toBe(true)
    expect(byStreet.received.some((m) => m.caseId === inside.id)).toBe(true)
    expect(byStreet.received.some((m) => m.caseId === outside.id || m.caseId === beyond.id)).toBe(false)
    expect(byGrid.received.every((m) => m.case.gridId === places[0].gridId)).toBe(true)
    expect(byDistrict.received.some((m) => m.caseId === beyond.id)).toBe(false)
    // The replayed part is filtered the same way.
    const late = client({ lastEventId: from, areaId: street })
    await late.connected()
    await waitFor(() => late.caughtUp.length === 1, 'caught-up')
    expect(late.ids().filter((id) => id <= marker.id)).toEqual(byStreet.ids().filter((id) => id <= marker.id))
    const http = (await t.app.inject(`/api/events?after=${from}&area=${street}&limit=5000`)).json().events
    expect(http.filter((e: CaseEventMessage) => e.id <= marker.id).map((e: CaseEventMessage) => e.id)).toEqual(byStreet.ids().filter((id) => id <= marker.id))
  })

  it('refuses bad subscriptions with a message saying what is wrong', async () => {
    await expect(client({ areaId: 'NOPE' }).connected()).rejects.toThrow(/no area with id NOPE/)
    await expect(client({ lastEventId: -4 }).connected()).rejects.toThrow(/lastEventId must be a non-negative integer/)
    await expect(client({ areaId: "x'; DROP" }).connected()).rejects.toThrow(/areaId must be an area id/)
    expect((await t.app.inject('/api/events?after=-1')).statusCode).toBe(400)
    expect((await t.app.inject('/api/events?area=NOPE')).statusCode).toBe(404)
  })

  it('makes event ids visible in id order under concurrent writes (a log reader never misses one)', async () => {
    const from = await latest()
    const seen: number[] = []
    let cursor = from
    let writing = true
    const reader = (async () => {
      while (writing) {
        const page = (await t.app.inject(`/api/events?after=${cursor}&limit=5000`)).json().events as CaseEventMessage[]
        for (const e of page) seen.push(e.id)
        if (page.length) cursor = page[page.length - 1].id
      }
    })()
    const made = await Promise.all(Array.from({ length: 80 }, (_, i) => post(i)))
    writing = false
    await reader
    for (const e of (await t.app.inject(`/api/events?after=${cursor}&limit=5000`)).json().events) seen.push(e.id)
    expect(made.every((r) => r.statusCode === 201)).toBe(true)
    // Had a later id committed before an earlier one, the reader would have moved past the earlier one.
    const all = (await t.db.pool.query('SELECT id FROM case_events WHERE id > $1 AND id <= $2 ORDER BY id', [from, Math.max(...seen)])).rows.map((r) => r.id)
    expect(seen).toEqual(all)
  })
})
