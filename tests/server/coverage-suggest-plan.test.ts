import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTestApp, testDatabases, type TestApp } from '../helpers/databases.ts'
import { haversineM } from '../../server/engine/lib/local-projection.ts'

/** POST /api/coverage/suggest on the planner's current what-if (issue 12, "planning that builds on the plan in hand"). */
describe.each(testDatabases())('siting on the plan in hand, $name database', (target) => {
  let t: TestApp
  beforeAll(async () => {
    t = await openTestApp(target)
  })
  afterAll(async () => {
    await t?.close()
  })
  const post = (url: string, payload: unknown) => t.app.inject({ method: 'POST', url, payload: payload as object })
  const headline = async (plan: object, minutes: number) => {
    const res = await post('/api/coverage/what-if', { ...plan, minutes: [minutes] })
    expect(res.statusCode, res.body).toBe(200)
    return res.json().areas.find((a: any) => a.level === 'district').covered[String(minutes)].residents as number
  }

  /** A plan like a planner's: the first plain siting's top two sites placed as hypothetical stations, one station removed. */
  async function aPlan() {
    const stations = (await t.app.inject({ method: 'GET', url: '/api/stations?status=in_service' })).json().features
    const first = (await post('/api/coverage/suggest', { k: 2, minutes: 15 })).json()
    return {
      add: first.sites.map((s: any, i: number) => ({ id: `h${i + 1}`, lng: s.lng, lat: s.lat })),
      remove: [stations[0].properties.id as string],
      stations: stations.map((f: any) => f.geometry.coordinates as [number, number]).slice(1),
    }
  }

  it('keeps every site beyond the minimum distance of the plan\'s stations, and adopting one raises the headline by its gain', async () => {
    const { stations, ...plan } = await aPlan()
    const minDistanceM = 300
    const res = await post('/api/coverage/suggest', { k: 3, minutes: 15, ...plan, minDistanceM })
    expect(res.statusCode, res.body).toBe(200)
    const r = res.json()
    expect(r.sites.length).toBeGreaterThan(0)
    expect(r.plan).toEqual({ add: 2, move: 0, remove: 1 })
    const planned = [...stations, ...plan.add.map((a: any) => [a.lng, a.lat])]
    for (const s of r.sites) {
      const nearest = Math.min(...planned.map(([lng, lat]) => haversineM(s.lng, s.lat, lng, lat)))
      // 1 m slack: the server measures in its local projection, this test on the sphere.
      expect(nearest).toBeGreaterThanOrEqual(minDistanceM - 1)
    }
    const before = await headline(plan, 15)
    expect(r.coveredBefore).toBe(before)
    let adopted: object[] = []
    for (const [i, s] of r.sites.entries()) {
      adopted = [...adopted, { id: `s${i + 1}`, lng: s.lng, lat: s.lat }]
      const after = await headline({ ...plan, add: [...plan.add, ...adopted] }, 15)
      expect(after - (r.curve[i - 1] ?? before), `site ${i + 1}`).toBe(s.gain)
      expect(after).toBe(r.curve[i])
    }
  })

  it('with weight15 = 0 suggests what plain 5-minute siting does, and reports both circles', async () => {
    const { stations: _, ...plan } = await aPlan()
    const plain = (await post('/api/coverage/suggest', { k: 3, minutes: 5, ...plan })).json()
    const res = await post('/api/coverage/suggest', { k: 3, minutes: 5, ...plan, weight5: 1, weight15: 0 })
    expect(res.statusCode, res.body).toBe(200)
    const weighted = res.json()
    expect(weighted.sites.map((s: any) => [s.lng, s.lat, s.gain])).toEqual(plain.sites.map((s: any) => [s.lng, s.lat, s.gain]))
    expect(Object.keys(weighted.byMinutes).sort()).toEqual(['15', '5'])
    expect(weighted.byMinutes['15'].coveredBefore).toBe(await headline(plan, 15))
  })

  it('refuses a plan the scenario lacks or weights that are both 0, with a coded 400', async () => {
    const cases: [object, string][] = [
      [{ k: 1, minutes: 15, remove: ['NO-SUCH-STATION'] }, 'UNKNOWN_STATION'],
      [{ k: 1, minutes: 15, weight5: 0, weight15: 0 }, 'BAD_WEIGHTS'],
      [{ k: 1, minutes: 15, minDistanceM: -5 }, 'VALIDATION'],
      [{ minutes: 15 }, 'NO_K'],
      [{ k: 3, minutes: 15, budget: [{ kind: 'community_center', count: 2 }] }, 'BAD_BUDGET'],
      [{ minutes: 15, budget: [{ kind: 'community_center', count: 1 }, { kind: 'community_center', count: 1 }] }, 'BAD_BUDGET'],
      [{ minutes: 15, budget: [{ kind: 'community_center', count: 1 }], weight5: 1 }, 'BAD_BUDGET'],
      [{ minutes: 15, budget: [{ kind: 'palace', count: 1 }] }, 'VALIDATION'],
      [{ k: 1, minutes: 15, sources: ['moon'] }, 'VALIDATION'],
      [{ k: 1, minutes: 15, sources: [] }, 'VALIDATION'],
      // A ring of three positions, and one with no area (all on a line).
      [{ k: 1, minutes: 15, within: { type: 'Polygon', coordinates: [[[117, 31], [117.01, 31], [117, 31]]] } }, 'VALIDATION'],
      [{ k: 1, minutes: 15, within: { type: 'Polygon', coordinates: [[[117, 31], [117.01, 31], [117.02, 31], [117, 31]]] } }, 'BAD_OUTLINE'],
      [{ k: 1, minutes: 15, within: { type: 'Polygon', coordinates: [[[117, 31], [117.01, 31], [117.01, 31.01], [117, 31.01]]] } }, 'BAD_OUTLINE'],
    ]
    for (const [body, code] of cases) {
      const res = await post('/api/coverage/suggest', body)
      expect(res.statusCode, JSON.stringify(body)).toBe(400)
      expect(res.json().code).toBe(code)
    }
  })

  it('sites only at the kinds of place asked for: public buildings by name, inside a drawn outline', async () => {
    const res = await post('/api/coverage/suggest', { k: 3, minutes: 15, sources: ['public_building'] })
    expect(res.statusCode, res.body).toBe(200)
    const r = res.json()
    expect(r.sources.public_building).toBeGreaterThan(100)
    expect(r.sites.length).toBeGreaterThan(0)
    const { rows } = await t.db.pool.query(`SELECT 'b:' || id AS id, name, kind, ST_X(entrance) AS lng, ST_Y(entrance) AS lat FROM buildings WHERE 'b:' || id = ANY($1)`, [r.sites.map((s: any) => s.candidateId)])
    const byId = new Map(rows.map((b) => [b.id, b]))
    for (const s of r.sites) {
      const b = byId.get(s.candidateId)
      expect(s.source).toBe('public_building')
      expect(b?.kind).toBe('public')
      expect(s.name).toBe(b.name)
      expect([s.lng, s.lat]).toEqual([b.lng, b.lat])
    }
    // A box around the first site's neighbourhood: every site (street nodes now) falls inside it.
    const [x, y] = [r.sites[0].lng, r.sites[0].lat]
    const ring = [[x - 0.01, y - 0.008], [x + 0.01, y - 0.008], [x + 0.01, y + 0.008], [x - 0.01, y + 0.008], [x - 0.01, y - 0.008]]
    const boxed = (await post('/api/coverage/suggest', { k: 4, minutes: 15, sources: ['street', 'public_building'], within: { type: 'Polygon', coordinates: [ring] } })).json()
    expect(boxed.sites.length).toBeGreaterThan(0)
    for (const s of boxed.sites) {
      expect(s.lng).toBeGreaterThanOrEqual(x - 0.01)
      expect(s.lng).toBeLessThanOrEqual(x + 0.01)
      expect(s.lat).toBeGreaterThanOrEqual(y - 0.008)
      expect(s.lat).toBeLessThanOrEqual(y + 0.008)
    }
    // The demo has no imported places or vacant land: asked for, they yield nothing rather than street nodes.
    const none = (await post('/api/coverage/suggest', { k: 2, minutes: 15, sources: ['poi', 'land'] })).json()
    expect(none.sources).toEqual({ poi: 0, land: 0 })
    expect(none.sites).toEqual([])
  })

  it('under a budget by kind: centres for the 15-minute circle first, then stations for the 5-minute one, each gain a what-if confirms', async () => {
    const { stations: _, ...plan } = await aPlan()
    const res = await post('/api/coverage/suggest', { minutes: 15, ...plan, budget: [{ kind: 'compound_station', count: 2 }, { kind: 'community_center', count: 1 }] })
    expect(res.statusCode, res.body).toBe(200)
    const r = res.json()
    expect(r.sites.map((s: any) => [s.kind, s.goalMinutes])).toEqual([['community_center', 15], ['compound_station', 5], ['compound_station', 5]])
    let adopted: object[] = []
    for (const [i, s] of r.sites.entries()) {
      const before = { ...plan, add: [...plan.add, ...adopted] }
      adopted = [...adopted, { id: `b${i + 1}`, lng: s.lng, lat: s.lat, kind: s.kind }]
      const after = { ...plan, add: [...plan.add, ...adopted] }
      for (const m of [5, 15]) expect((await headline(after, m)) - (await headline(before, m)), `site ${i + 1}, ${m} min`).toBe(s.gains[String(m)])
    }
  })
})
