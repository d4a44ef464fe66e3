declare module '@mapbox/vector-tile' {
  export class VectorTile {
    constructor(pbf: unknown)
    layers: Record<string, { length: number; feature(i: number): { properties: Record<string, unknown>; type: number } }>
  }
}
declare module 'pbf' {
  export default class Pbf {
    constructor(buf?: Uint8Array)
  }
}
