import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTestApp, testDatabases, type TestApp } from '../helpers/databases.ts'
import { LIMITS } from '../../server/plugins/coverage/schemas.ts'
import { createEngine } from '../../server/plugins/coverage/engine-pool.ts'

type Request = { method: 'GET' | 'POST'; url: string; payload?: object }

describe.each(testDatabases())('coverage engine in worker threads on the $name database', (target) => {
  let inThread: TestApp
  let inWorker: TestApp
  beforeAll(async () => {
    ;[inThread, inWorker] = await Promise.all([openTestApp(target, { ENGINE_WORKERS: '0' }), openTestApp(target, { ENGINE_WORKERS: '1' })])
  })
  afterAll(async () => {
    await Promise.all([inThread?.close(), inWorker?.close()])
  })

  /** Status, type and body; elapsedMs is the one field that may differ. */
  async function answer(t: TestApp, r: Request) {
    const res = await t.app.inject(r)
    const type = String(res.headers['content-type'])
    let body: unknown = res.body
    if (type.includes('json')) {
      body = res.json()
      if (body && typeof body === 'object' && 'elapsedMs' in body) delete (body as { elapsedMs?: number }).elapsedMs
    }
    return { status: res.statusCode, type, disposition: res.headers['content-disposition'], body }
  }

  it('gives the same answers in a worker as in the request thread, errors included', async () => {
    const stations = (await inThread.app.inject({ method: 'GET', url: '/api/stations?status=in_service' })).json().features
    const [a, b, c] = stations.map((f: any) => f.properties.id)
    const [lng, lat] = stations[3].geometry.coordinates
    const requests: Request[] = [
      { method: 'GET', url: '/api/coverage?minutes=5,10,15&scenario=built' },
      { method: 'GET', url: '/api/coverage?minutes=15&level=community' },
      { method: 'GET', url: '/api/coverage/gaps?minutes=10&limit=40' },
      { method: 'GET', url: '/api/coverage/gaps.csv?minutes=5&limit=25' },
      { method: 'GET', url: '/api/coverage/gaps.geojson?minutes=5&limit=25' },
      { method: 'GET', url: '/api/coverage/gaps?area=NOPE' },
      { method: 'GET', url: '/api/isochrones?minutes=5,15&scenario=planned' },
      { method: 'GET', url: `/api/stations/${a}/isochrone?minutes=5,10` },
      { method: 'GET', url: '/api/stations/NOPE/isochrone' },
      {
        method: 'POST',
        url: '/api/coverage/what-if',
        payload: { add: [{ id: 'x1', lng: lng + 0.002, lat }, { lng, lat: lat - 0.003 }], move: [{ id: b, lng: lng - 0.002, lat }], remove: [c], minutes: [5, 10, 15], isochrones: true },
      },
      { method: 'POST', url: '/api/coverage/what-if', payload: { remove: [a], level: 'grid', scenario: 'renovated' } },
      { method: 'POST', url: '/api/coverage/what-if', payload: { remove: ['NOPE'] } },
      { method: 'POST', url: '/api/coverage/suggest', payload: { k: 4, minutes: 10, scenario: 'built' } },
    ]
    for (const r of requests) {
      const [mine, theirs] = await Promise.all([answer(inThread, r), answer(inWorker, r)])
      expect(theirs, `${r.method} ${r.url} ${JSON.stringify(r.payload ?? '')}`).toEqual(mine)
    }
    // The comparison covered answers and refusals both.
    expect((await answer(inWorker, requests[5])).status).toBe(404)
    expect((await answer(inWorker, requests[11])).status).toBe(400)
    expect((await answer(inWorker, requests[9])).status).toBe(200)
  })

  it('answers /api/health while the heaviest allowed what-if is being computed', async () => {
    const stations = (await inWorker.app.inject({ method: 'GET', url: '/api/stations?status=in_service' })).json().features
    const { district } = (await inWorker.app.inject({ method: 'GET', url: '/api/config' })).json()
    const [x0, y0, x1, y1] = district.bbox
    const at = (i: number) => ({ lng: x0 + (x1 - x0) * ((0.5 + i * 0.618034) % 1), lat: y0 + (y1 - y0) * ((0.5 + i * 0.754878) % 1) })
    const ids: string[] = stations.map((f: any) => f.properties.id)
    const heaviest = {
      add: Array.from({ length: LIMITS.add }, (_, i) => at(i)),
      move: ids.slice(0, LIMITS.move).map((id, i) => ({ id, ...at(1000 + i) })),
      remove: ids.slice(LIMITS.move, LIMITS.move + LIMITS.remove),
      minutes: Array.from({ length: LIMITS.whatIfIsochroneMinuteValues }, (_, i) => LIMITS.maxIsochroneMinutes - i),
      isochrones: true,
    }
    // The model and this baseline are built first, so that the what-if below is engine work only.
    const warm = await inWorker.app.inject({ method: 'POST', url: '/api/coverage/what-if', payload: { ...heaviest, add: [], move: [], remove: [], isochrones: false } })
    expect(warm.statusCode).toBe(200)
    let pending = true
    const whatIf = inWorker.app.inject({ method: 'POST', url: '/api/coverage/what-if', payload: heaviest }).finally(() => (pending = false))
    // Health asked again and again until the what-if is answered: in the request thread the engine's
    // work would hold every one of them back until it is done (at most one slips in before it starts).
    let answeredMeanwhile = 0
    while (pending) {
      const health = await inWorker.app.inject({ method: 'GET', url: '/api/health' })
      expect(health.statusCode).toBe(200)
      if (pending) answeredMeanwhile++
    }
    const res = await whatIf
    expect(res.statusCode).toBe(200)
    expect(res.json().isochrones.features).toHaveLength((LIMITS.add + Math.min(LIMITS.move, ids.length)) * LIMITS.whatIfIsochroneMinuteValues)
    expect(answeredMeanwhile).toBeGreaterThanOrEqual(3)
  })

  it('answers 503 when a worker stops, and starts another for the next question', async () => {
    // A heap far too small for the model: the worker runs out of memory while building it and stops alone.
    const logged: string[] = []
    const engine = createEngine({
      workers: 1, url: target.url, pool: inThread.db.pool, speedKmh: 4, log: (m) => logged.push(m),
      resourceLimits: { maxOldGenerationSizeMb: 8, maxYoungGenerationSizeMb: 2 },
    })
    try {
      await expect(engine.warm()).rejects.toMatchObject({ statusCode: 503, code: 'ENGINE_UNAVAILABLE' })
      await expect(engine.call('coverage', { minutes: '15', scenario: 'current' })).rejects.toMatchObject({ statusCode: 503 })
      expect(logged.filter((m) => m.includes('in place of'))).toHaveLength(1)
    } finally {
      await engine.close()
    }
    // The server itself is unharmed.
    expect((await inWorker.app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200)
  })
})
