/**
 * The plan in the planner as a PlanSnapshot (model/plan-snapshot.ts), taken when a file or the report
 * is asked for, from the answers the planner already holds (no new request but the names it has).
 */
import { SCENARIO_NAMES } from '../vocab.ts'
import { COVERAGE_MINUTES } from './useCoverage.ts'
import type { usePlanner } from './usePlanner.ts'
import { planSnapshot, type PlanSnapshot } from '../model/plan-snapshot.ts'

type Planner = ReturnType<typeof usePlanner>

export function usePlanSnapshot(planner: Planner, context: { districtName: () => string | null; speedKmh: () => number }): () => PlanSnapshot {
  const { scenario, whatIf, scenarioStations, coverage, suggest, scene, places } = planner
  return () =>
    planSnapshot({
      districtName: context.districtName(),
      scenario: scenario.value,
      scenarioName: SCENARIO_NAMES[scenario.value],
      speedKmh: context.speedKmh(),
      minutes: COVERAGE_MINUTES,
      added: whatIf.added.value,
      moved: whatIf.moved.value,
      removed: whatIf.removed.value,
      byId: scenarioStations.byId.value,
      stationsBefore: scenarioStations.inScenario.value.length,
      before: coverage.coverage.value,
      after: whatIf.active.value ? whatIf.result.value : null,
      sites: scene.suggested.value,
      adoptedRanks: scene.adopted.value,
      sitesMinutes: suggest.result.value?.minutes ?? null,
      describe: places.descriptionOf,
    })
}
