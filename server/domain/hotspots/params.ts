/**
 * The hotspot detector's settings in one place. Windows and distances are the design of issue 11: a
 * cluster is cases of one category within EPS_M of each other (DBSCAN), judged against where that
 * category usually falls (BASELINE_DAYS before the window) and where people live.
 */
export const HOTSPOT_PARAMS = {
  /** Windows ending at the evaluation instant, in hours. */
  windowsHours: [1, 3] as readonly number[],
  /** DBSCAN neighbourhood: two cases this close (metres) are neighbours. */
  epsM: 150,
  /** DBSCAN core points need this many cases within epsM (themselves included). */
  minPoints: 3,
  /** No alert below this many cases, however unusual. */
  minCases: 4,
  /** The disc whose baseline share is measured is the cluster's radius plus this (metres). */
  padM: 50,
  /** History before the window that says where a category usually falls. */
  baselineDays: 28,
  /**
   * Pseudo-count of the prior: a category with this many baseline cases weighs history and the prior
   * equally, so a district (or category) without history still gets an expectation.
   */
  priorWeight: 10,
  /**
   * The prior share of a disc: mostly its share of residents, partly its share of the district's area
   * so that a disc with nobody living in it (a park, a market) still expects something.
   */
  priorAreaMix: 0.2,
  /** Family-wise error per run, split (Bonferroni) over category × window × zone (grid) tests. */
  alpha: 0.01,
  /** A detection updates an open alert of its category whose centre is within this (metres). */
  matchM: 200,
  /** An alert not detected in this many consecutive runs closes (faded). */
  missesToClose: 2,
} as const

export type HotspotParams = typeof HOTSPOT_PARAMS

/** The p-value an alert must fall below: alpha over every test a run makes. */
export function pThreshold(categories: number, zones: number, p: Pick<HotspotParams, 'alpha' | 'windowsHours'> = HOTSPOT_PARAMS): number {
  const tests = Math.max(1, categories) * Math.max(1, p.windowsHours.length) * Math.max(1, zones)
  return p.alpha / tests
}
