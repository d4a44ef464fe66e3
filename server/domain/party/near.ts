/**
 * Cases near 党员中心户: "near" is the straight-line (geodesic) distance from the case's point to the
 * outline of a building with at least one 中心户, at most NEAR_METRES: about a minute and a half on foot
 * at 4 km/h, close enough for a neighbour to go and look (中心户 as the first responder).
 */
export const NEAR_METRES = 100
export const MIN_NEAR_METRES = 20
export const MAX_NEAR_METRES = 500
/** The second window next to "open now": every case created in the last this many days. */
export const RECENT_DAYS = 30
/** How many 中心户 buildings are offered per open case, nearest first. */
export const HELPERS_PER_CASE = 3
