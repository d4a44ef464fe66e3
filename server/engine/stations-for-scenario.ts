import type { Scenario, StationInput } from './types.ts'
import { SCENARIOS, SCENARIO_STATUSES } from './units.ts'
import { checkOneOf } from './lib/check.ts'

/**
 * The stations that count in a scenario. Scenarios are cumulative: 'current' = in service;
 * 'renovated' adds renovating; 'built' adds under construction; 'planned' adds planned.
 *
 * @example
 * stationsForScenario(stations, 'built') // in service + renovating + under construction
 */
export function stationsForScenario<S extends Pick<StationInput, 'status'>>(stations: readonly S[], scenario: Scenario): S[] {
  const allowed = SCENARIO_STATUSES[checkOneOf(scenario, SCENARIOS, 'scenario')]
  return stations.filter((s) => allowed.includes(s.status))
}
