import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { area as turfArea } from '@turf/area'
import { describe, expect, it } from 'vitest'
import { keepNode, keepRelation, keepWay, osmFeatures } from '../../geodata/import/osm/features.ts'
import { readOsm } from '../../geodata/import/osm/read-osm.ts'
import { OsmDrawing } from '../helpers/osm-xml.ts'

const dir = mkdtempSync(join(tmpdir(), 'osm-multipolygon-'))

/** The file below, drawn in metres; each case is one relation. */
function drawing() {
  const d = new OsmDrawing([116.35, 40.0])
  // A street, so the file is an ordinary extract.
  d.way([d.node(-50, -20), d.node(400, -20)], { highway: 'residential' })
  // 1: a building with a courtyard, outer and inner untagged ways.
  const outer = d.rect(0, 0, 40, 30)
  const court = d.rect(10, 10, 30, 20)
  d.relation([{ type: 'way', ref: outer, role: 'outer' }, { type: 'way', ref: court, role: 'inner' }], { type: 'multipolygon', building: 'apartments', 'building:levels': '6', name: '天井楼' })
  // 2: a residential compound whose outline is two open ways, the second drawn backwards.
  const [a, b, c, e] = [d.node(100, 0), d.node(200, 0), d.node(200, 100), d.node(100, 100)]
  const north = d.way([a, b, c])
  const south = d.way([a, e, c])
  d.relation([{ type: 'way', ref: north, role: 'outer' }, { type: 'way', ref: south, role: 'outer' }], { type: 'multipolygon', landuse: 'residential', name: '两段围合小区' })
  d.rect(130, 30, 170, 45, { building: 'yes' }) // inside it: residential by the compound
  d.rect(250, 30, 290, 45, { building: 'yes' }) // outside: public
  // 3: two lakes, the first with an island whose role is (wrongly) outer.
  const lake1 = d.rect(0, 200, 100, 300)
  const island = d.rect(40, 240, 60, 260)
  const lake2 = d.rect(200, 200, 260, 260)
  d.relation([lake1, island, lake2].map((ref) => ({ type: 'way' as const, ref, role: 'outer' })), { type: 'multipolygon', natural: 'water', name: '双湖' })
  // 4: a campus relation whose outer ways are campuses by their own tags: drawn once, not twice.
  const campusA = d.rect(300, 200, 350, 250, { amenity: 'university', name: '上园' })
  const campusB = d.rect(360, 200, 400, 250, { amenity: 'university', name: '下园' })
  d.relation([{ type: 'way', ref: campusA, role: 'outer' }, { type: 'way', ref: campusB, role: 'outer' }], { type: 'multipolygon', amenity: 'university' })
  // 5: a park whose two member ways do not meet.
  const p1 = d.way([d.node(0, 400), d.node(50, 400), d.node(50, 450)])
  const p2 = d.way([d.node(49, 451), d.node(0, 450), d.node(0, 401)])
  d.relation([{ type: 'way', ref: p1, role: 'outer' }, { type: 'way', ref: p2, role: 'outer' }], { type: 'multipolygon', leisure: 'park' })
  // An untagged way no relation uses, and a route relation: neither is kept.
  const stray = d.way([d.node(500, 500), d.node(510, 510)])
  d.relation([{ type: 'way', ref: stray, role: '' }], { type: 'route', route: 'bus' })
  return { d, ids: { outer, court, north, south, stray, campusA, campusB } }
}

describe('OSM multipolygon relations', () => {
  const { d, ids } = drawing()
  const file = join(dir, 'multipolygons.osm')
  writeFileSync(file, d.xml())

  it('keeps only the member ways relations need, streamed', async () => {
    const osm = await readOsm(file, { keepWay, keepNode, keepRelation })
    expect(osm.relations.map((r) => r.id)).toEqual([1, 2, 3, 4, 5])
    // Untagged members are held for the relations; tagged ones are ordinary kept ways; the stray way is dropped.
    expect([...osm.memberWays.keys()].sort((a, b) => a - b)).toEqual([ids.outer, ids.court, ids.north, ids.south, 8, 9, 10, 13, 14].sort((a, b) => a - b))
    expect(osm.memberWays.has(ids.stray)).toBe(false)
    expect(osm.ways.map((w) => w.id)).toContain(ids.campusA)
  })

  it('assembles courtyards, rings joined from open ways, several outers and islands by geometry', async () => {
    const f = osmFeatures(await readOsm(file, { keepWay, keepNode, keepRelation }))
    const court = f.buildings.find((b) => b.id === 'osm-r1')!
    expect(court.rings).toHaveLength(2)
    const m2 = turfArea({ type: 'Polygon', coordinates: court.rings })
    expect(m2).toBeGreaterThan(990)
    expect(m2).toBeLessThan(1010) // 40 × 30 − 20 × 10
    expect(court).toMatchObject({ name: '天井楼', kind: 'residential', floors: 6, floorsEstimated: false, households: Math.floor((m2 * 6) / 90) })

    const compound = f.residential.find((r) => r.id === 'osm-r2')!
    expect(compound.name).toBe('两段围合小区')
    expect(compound.rings).toHaveLength(1)
    expect(compound.rings[0]).toHaveLength(5)
    expect(turfArea({ type: 'Polygon', coordinates: compound.rings })).toBeCloseTo(10_000, -2)
    // A building=yes inside the joined compound counts as housing; the one outside does not.
    expect(f.buildings.filter((b) => b.id !== 'osm-r1').map((b) => b.kind).sort()).toEqual(['public', 'residential'])

    const lakes = f.landuse.filter((l) => l.id.startsWith('osm-r3'))
    expect(lakes.map((l) => [l.id, l.kind, l.rings.length])).toEqual([['osm-r3-1', 'water', 2], ['osm-r3-2', 'water', 1]])
    expect(turfArea({ type: 'Polygon', coordinates: lakes[0].rings })).toBeCloseTo(10_000 - 400, -2)

    expect(f.landuse.filter((l) => l.kind === 'school').map((l) => l.id)).toEqual([`osm-w${ids.campusA}`, `osm-w${ids.campusB}`])
    expect(f.skipped).toEqual([{ where: 'relation 5', reasons: ['2 chain(s) of member ways do not close into a ring'] }])
    expect(f.multipolygons).toEqual({ relations: 5, polygons: 4 })
  })

  it('leaves out a ring whose member way runs outside a bbox, saying so', async () => {
    // A bbox that cuts the courtyard building's outer ring (x 0…40) at x = 20 m.
    const [w] = d.lngLat(20, -100), [, s] = d.lngLat(20, -100), [e, n] = d.lngLat(1000, 1000)
    const f = osmFeatures(await readOsm(file, { keepWay, keepNode, keepRelation, bbox: [w, s, e, n] }))
    expect(f.buildings.some((b) => b.id === 'osm-r1')).toBe(false)
    expect(f.skipped).toContainEqual({ where: 'relation 1', reasons: ['2 ring(s) run outside the extract and were left out'] })
  })
})
