declare module '@mapbox/vector-tile' {
  export interface VectorTileFeature {
    properties: Record<string, unknown>
    type: number
    extent: number
    loadGeometry(): { x: number; y: number }[][]
  }
  export interface VectorTileLayer {
    length: number
    extent: number
    feature(i: number): VectorTileFeature
  }
  export class VectorTile {
    constructor(pbf: unknown)
    layers: Record<string, VectorTileLayer>
  }
}
declare module 'pbf' {
  export default class Pbf {
    constructor(buf?: Uint8Array)
  }
}
