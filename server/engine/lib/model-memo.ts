/**
 * What stays true of a model until it is rebuilt (area totals) and the last whole-city answer, kept beside
 * the model without changing its shape. Models are never edited after createCoverageModel, so the model
 * object itself is the version key.
 */
import type { CoverageModel } from '../coverage-model.ts'
import { areaTotals, type RowsToReuse } from './area-counts.ts'

interface Memo {
  totals: Float64Array
  lastAnswer?: RowsToReuse
}

const memos = new WeakMap<CoverageModel, Memo>()

function memo(model: CoverageModel): Memo {
  let m = memos.get(model)
  if (!m) memos.set(model, (m = { totals: areaTotals(model) }))
  return m
}

/** Residents, households, buildings and party-member households of every area (read-only). */
export function cachedAreaTotals(model: CoverageModel): Float64Array {
  return memo(model).totals
}

export function lastAnswer(model: CoverageModel): RowsToReuse | undefined {
  return memo(model).lastAnswer
}

export function rememberAnswer(model: CoverageModel, answer: RowsToReuse): void {
  memo(model).lastAnswer = answer
}
