import type pg from 'pg'
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon'
import {
  computeCoverage,
  createCoverageBaseline,
  createCoverageModel,
  isochrones,
  type IsochroneCollection,
  stationsForScenario,
  type CoverageBaseline,
  type CoverageModel,
  type CoverageResult,
  type LngLat,
  type Scenario,
} from '../../engine/index.ts'
import { perRevision, type PerRevision } from '../../db/per-revision.ts'
import { compoundOutlines, loadCoverageInputs, siteCandidates, type CoverageInputs, type SiteCandidate } from './queries.ts'

// Answers kept per scenario/minutes combination; a planner toggles among a handful.
const MAX_CACHED = 16

interface Compound {
  id: string
  bbox: [number, number, number, number]
  polygon: GeoJSON.Polygon
}

export interface CoverageState {
  revision: number
  inputs: CoverageInputs
  /** Places other than street nodes where siting may put a station (queries.siteCandidates). */
  candidates: SiteCandidate[]
  model: CoverageModel
  compounds: Compound[]
  builtMs: number
}

/**
 * The engine's model of the district (walk graph with buildings attached, area tree), built once from
 * the database and rebuilt when the geography is reloaded; baselines and full answers are cached per
 * (scenario, minutes) so repeated questions and what-ifs start from precomputed state.
 */
export class CoverageCache {
  private readonly state: PerRevision<CoverageState>
  private baselines = new Map<string, CoverageBaseline>()
  private results = new Map<string, CoverageResult>()
  private dissolved = new Map<string, IsochroneCollection>()

  constructor(
    private readonly db: pg.Pool,
    readonly speedKmh: number,
  ) {
    // Answers derived from an older model must go with it.
    this.state = perRevision(db, (revision) => this.build(revision), {
      onRebuild: () => {
        this.baselines.clear()
        this.results.clear()
        this.dissolved.clear()
      },
    })
  }

  current(): Promise<CoverageState> {
    return this.state.get()
  }

  /** Node-level baseline for what-if, capped at the largest threshold. */
  async baseline(scenario: Scenario, minutes: number[]): Promise<{ state: CoverageState; base: CoverageBaseline }> {
    const state = await this.current()
    const key = `${scenario}|${minutes.join(',')}`
    let base = this.baselines.get(key)
    if (!base) {
      base = createCoverageBaseline(state.model, state.inputs.stations, { scenario, minutes, speedKmh: this.speedKmh })
      remember(this.baselines, key, base)
    }
    return { state, base }
  }

  /** Full answer with every building's true walking minutes (gaps and exports need them). */
  async coverage(scenario: Scenario, minutes: number[]): Promise<{ state: CoverageState; result: CoverageResult }> {
    const state = await this.current()
    const key = `${scenario}|${minutes.join(',')}`
    let result = this.results.get(key)
    if (!result) {
      result = computeCoverage(state.model, state.inputs.stations, { scenario, minutes, speedKmh: this.speedKmh })
      remember(this.results, key, result)
    }
    return { state, result }
  }

  /** Isochrones of all stations of a scenario, dissolved (one polygon set per minute value). */
  async scenarioIsochrones(scenario: Scenario, minutes: number[]): Promise<IsochroneCollection> {
    const state = await this.current()
    const key = `${scenario}|${minutes.join(',')}`
    let iso = this.dissolved.get(key)
    if (!iso) {
      iso = isochrones(state.model.graph, stationsForScenario(state.inputs.stations, scenario), { minutes, speedKmh: this.speedKmh })
      remember(this.dissolved, key, iso)
    }
    return iso
  }

  private async build(revision: number): Promise<CoverageState> {
    const started = Date.now()
    const [inputs, outlines, candidates] = await Promise.all([loadCoverageInputs(this.db), compoundOutlines(this.db), siteCandidates(this.db)])
    const model = createCoverageModel({ network: inputs.network, buildings: inputs.buildings, areas: inputs.areas })
    const compounds = outlines.map((c) => {
      const polygon = JSON.parse(c.geometry) as GeoJSON.Polygon
      const ring = polygon.coordinates[0]
      const xs = ring.map((p) => p[0])
      const ys = ring.map((p) => p[1])
      return { id: c.id, polygon, bbox: [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)] as Compound['bbox'] }
    })
    const state = { revision, inputs, model, compounds, candidates, builtMs: Date.now() - started }
    // A POI or a plot in a walled compound is reached through its gates, as a station there would be.
    for (const c of candidates) c.compoundId ??= compoundAt(state, c.lngLat)
    return state
  }
}

/** The walled compound a point lies in, so a hypothetical station there joins the compound's paths. */
export function compoundAt(state: CoverageState, [lng, lat]: LngLat): string | null {
  for (const c of state.compounds) {
    const [w, s, e, n] = c.bbox
    if (lng < w || lng > e || lat < s || lat > n) continue
    if (booleanPointInPolygon([lng, lat], c.polygon)) return c.id
  }
  return null
}

function remember<V>(map: Map<string, V>, key: string, value: V) {
  if (map.size >= MAX_CACHED) map.delete(map.keys().next().value as string)
  map.set(key, value)
}
