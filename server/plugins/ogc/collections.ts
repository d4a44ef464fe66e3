/**
 * The layers published through OGC API – Features: one entry per collection id. The ids are part of the
 * public contract (QGIS projects and GDAL scripts name them), so they never change once published.
 * Where each one's rows come from is in queries.ts (SOURCES), keyed by the same ids.
 */
export const COLLECTION_IDS = [
  'districts', 'streets', 'communities', 'grids', 'buildings', 'compounds', 'stations', 'walk-edges', 'cases',
] as const
export type CollectionId = (typeof COLLECTION_IDS)[number]

export interface CollectionInfo {
  id: CollectionId
  title: string
  description: string
  /** Whether `datetime` filters this collection, and what it filters on. */
  temporal: boolean
}

const info = (id: CollectionId, title: string, description: string, temporal = false): CollectionInfo => ({
  id, title, description, temporal,
})

export const COLLECTIONS: readonly CollectionInfo[] = [
  info('districts', '区 Districts', 'The district boundary, with its resident, household and building totals.'),
  info('streets', '街道 Streets (sub-districts)', 'Street offices (街道) under the district, with totals; parentId is the district.'),
  info('communities', '社区 Communities', 'Residents\' communities (社区), with totals; parentId is the street.'),
  info('grids', '网格 Grids', 'Grid-management cells (网格), with totals; parentId is the community.'),
  info('buildings', '楼栋 Buildings', 'Building footprints with kind, floors, households, residents and whether a building party group exists.'),
  info('compounds', '小区 Compounds', 'Residential compounds (小区) with their community, grid and property company.'),
  info('stations', '党群服务阵地 Service stations', 'Party-mass service centres and stations by kind and status.'),
  info('walk-edges', '步行网络 Walk network', 'Edges of the walkable network used for the 5/15-minute service circles; source/target are node ids.'),
  info(
    'cases',
    '群众诉求 Resident requests',
    'Residents\' requests (cases) by category, status and place. Reporter name and phone, free-text descriptions and addresses are not published.',
    true,
  ),
]

const BY_ID = new Map(COLLECTIONS.map((c) => [c.id as string, c]))

export function findCollection(id: string): CollectionInfo | undefined {
  return BY_ID.get(id)
}
