import { describe, expect, it } from 'vitest'
import { landuseKind } from '../../geodata/import/osm/features.ts'
import { LANDUSE_KINDS, LAND_SITE_KINDS } from '../../server/domain/vocabulary/index.ts'

/** Which OSM landuse the importer keeps, and as what: vacant land is where siting may look (issue 12). */
describe('OSM landuse kinds', () => {
  it('reads land awaiting use as vacant, a kind siting takes, and keeps the others apart', () => {
    for (const landuse of ['brownfield', 'greenfield', 'construction']) expect(landuseKind({ landuse })).toBe('vacant')
    expect(LAND_SITE_KINDS).toContain('vacant')
    expect(landuseKind({ landuse: 'commercial' })).toBe('commercial')
    expect(landuseKind({ landuse: 'residential' })).toBeNull()
    // A building on brownfield is a building, not land.
    expect(landuseKind({ landuse: 'brownfield', building: 'yes' })).toBeNull()
    for (const t of [{ landuse: 'brownfield' }, { leisure: 'park' }, { amenity: 'hospital' }, { natural: 'water' }] as Record<string, string>[]) expect(LANDUSE_KINDS).toContain(landuseKind(t))
  })
})
