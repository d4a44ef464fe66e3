/**
 * The walking service-circle coverage engine (pure: arrays in, arrays and GeoJSON out; no I/O).
 *
 * Typical server use: build a model when the network or buildings load, a baseline per scenario, then
 * answer coverage, gaps, what-if, isochrones and siting from them.
 */
export * from './types.ts'
export * from './units.ts'
export { haversineM } from './lib/local-projection.ts'
export type { WalkGraph } from './walk-graph.ts'
export type { CoverageModel, BuildingTable } from './coverage-model.ts'
export { buildWalkGraph, type BuildWalkGraphOptions, type BuiltWalkGraph, type PointToAttach } from './build-walk-graph.ts'
export { attachPoints, type AttachPointsOptions } from './attach-points.ts'
export { shortestPaths, sourceAtNode, type ShortestPaths, type ShortestPathsOptions, type SourceSeed } from './shortest-paths.ts'
export { createCoverageModel, type CoverageModelInput, type CreateCoverageModelOptions } from './create-coverage-model.ts'
export { stationsForScenario } from './stations-for-scenario.ts'
export { nearestStations, type NearestStations, type NearestStationsOptions, type NearestPerBuilding } from './nearest-stations.ts'
export { computeCoverage, type ComputeCoverageOptions, type CoverageResult } from './compute-coverage.ts'
export { findGaps, type FindGapsOptions, type Gap } from './find-gaps.ts'
export { createCoverageBaseline, type CoverageBaseline, type CoverageBaselineOptions } from './coverage-baseline.ts'
export { whatIf, type ChangedBuilding, type WhatIfChanges, type WhatIfOptions, type WhatIfResult } from './what-if.ts'
export { isochrones, type IsochronesOptions, type IsochroneCollection, type IsochroneFeature } from './isochrones.ts'
export { suggestSites, type SuggestSitesOptions, type SuggestSitesResult, type SuggestedSite } from './suggest-sites.ts'
export { suggestByBudget, type BudgetLine, type BudgetedSite, type SuggestByBudgetOptions, type SuggestByBudgetResult } from './suggest-by-budget.ts'
export { clearEngineCaches } from './lib/clear-caches.ts'
