/**
 * The seam between the views and the end-to-end test hooks: each view publishes readers of what it
 * shows (its map, its state) under its name, and whoever main.ts installed (web/src/test-hooks/ when
 * config.testHooks is on) turns them into window.__explore / __planner / __screen. Views never import
 * the hooks; with nothing installed, publishing does nothing.
 */
import type { MapboxOverlay } from '@deck.gl/mapbox'
import type { Map as MaplibreMap } from 'maplibre-gl'
import type { Ref } from 'vue'
import type { UseWallSnapshotReturn } from '../composables/useWallSnapshot.ts'
import type { UseLiveCasesReturn } from '../composables/useLiveCases.ts'
import type { HeatMode } from '../model/case-heat.ts'

export interface ExploreProbe {
  map: () => MaplibreMap | null
  overlay: () => MapboxOverlay | null
  /** True while data for the current route is still loading. */
  busy: () => boolean
  state: () => Record<string, unknown>
  childLabel: (id: string) => [number, number] | null
  buildingLabel: (id: string) => [number, number] | null
  /** Where a building's 党员中心户 marker stands, or null when the layer does not draw it. */
  householdLabel?: (id: string) => [number, number] | null
}

export interface PlannerProbe {
  map: () => MaplibreMap | null
  overlay: () => MapboxOverlay | null
  /** True while coverage, isochrones, gaps or a what-if answer are still on their way. */
  busy: () => boolean
  state: () => Record<string, unknown>
}

export interface ScreenProbe {
  map: () => MaplibreMap | null
  live: UseLiveCasesReturn
  wall: UseWallSnapshotReturn
  heatMode: Ref<HeatMode>
}

export interface ViewProbes {
  explore: ExploreProbe
  planner: PlannerProbe
  screen: ScreenProbe
}

/** Takes a view's probe into use; returns what undoes that when the view goes. */
type ProbeConsumer<K extends keyof ViewProbes> = (probe: ViewProbes[K]) => () => void

const consumers: { [K in keyof ViewProbes]?: ProbeConsumer<K> } = {}

export function consumeViewProbe<K extends keyof ViewProbes>(name: K, consumer: ProbeConsumer<K>): void {
  ;(consumers as Record<K, ProbeConsumer<K>>)[name] = consumer
}

/** Called by a view in setup; call the result when it unmounts. */
export function publishViewProbe<K extends keyof ViewProbes>(name: K, probe: ViewProbes[K]): () => void {
  const consumer = consumers[name] as ProbeConsumer<K> | undefined
  return consumer ? consumer(probe) : () => {}
}

export interface MapHandles {
  map: () => MaplibreMap | null
  overlay: () => MapboxOverlay | null
  /** Bind to MapCanvas's `ready` event. */
  onReady: (map: MaplibreMap, overlay: MapboxOverlay) => void
}

/** Keeps what a view's MapCanvas reports when it is ready, for a probe to read (outside Vue's reactivity). */
export function mapHandles(): MapHandles {
  let map: MaplibreMap | null = null
  let overlay: MapboxOverlay | null = null
  return {
    map: () => map,
    overlay: () => overlay,
    onReady(m, o) {
      map = m
      overlay = o
    },
  }
}
