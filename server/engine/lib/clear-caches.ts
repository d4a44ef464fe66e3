import type { CoverageModel } from '../coverage-model.ts'
import { clearCatchmentCache } from './catchment-cache.ts'
import { clearLabelCache } from './label-cache.ts'
import { clearSitingCache } from './siting-cache.ts'

/**
 * Forgets what the engine kept between calls on `model` (labels of the last searches, siting lists), as
 * if it had just been built. Answers do not change; only the next calls' time does (benchmarks use it to
 * time a first call). The caches also go when the model is dropped.
 */
export function clearEngineCaches(model: CoverageModel): void {
  clearLabelCache(model.graph)
  clearSitingCache(model)
  clearCatchmentCache(model)
}
