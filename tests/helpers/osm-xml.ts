/**
 * A small OSM XML file drawn in metres east/north of an origin, for importer tests that need shapes no
 * real sample has (walled compounds, multipolygon relations). Ids count from 1 per element type; the
 * file lists nodes, then ways, then relations, as OSM exports do.
 */
type Tags = Record<string, string>

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;')
const tagXml = (t: Tags) => Object.entries(t).map(([k, v]) => `    <tag k="${esc(k)}" v="${esc(v)}"/>`)

export class OsmDrawing {
  private nodes: string[] = []
  private ways: string[] = []
  private relations: string[] = []
  private readonly kx: number
  private readonly ky = 110_574

  constructor(readonly origin: [number, number]) {
    this.kx = 111_320 * Math.cos((origin[1] * Math.PI) / 180)
  }

  /** [lng, lat] of a point x metres east and y metres north of the origin (7 decimals, as OSM stores). */
  lngLat(x: number, y: number): [number, number] {
    return [Math.round((this.origin[0] + x / this.kx) * 1e7) / 1e7, Math.round((this.origin[1] + y / this.ky) * 1e7) / 1e7]
  }

  node(x: number, y: number, tags: Tags = {}): number {
    const id = this.nodes.length + 1
    const [lng, lat] = this.lngLat(x, y)
    const t = tagXml(tags)
    this.nodes.push(t.length ? `  <node id="${id}" lat="${lat}" lon="${lng}">\n${t.join('\n')}\n  </node>` : `  <node id="${id}" lat="${lat}" lon="${lng}"/>`)
    return id
  }

  way(refs: number[], tags: Tags = {}): number {
    const id = this.ways.length + 1
    this.ways.push([`  <way id="${id}">`, ...refs.map((r) => `    <nd ref="${r}"/>`), ...tagXml(tags), '  </way>'].join('\n'))
    return id
  }

  /** A closed way through new nodes at the given corners. */
  ring(corners: [number, number][], tags: Tags = {}): number {
    const ids = corners.map(([x, y]) => this.node(x, y))
    return this.way([...ids, ids[0]], tags)
  }

  /** An axis-aligned rectangle as a closed way. */
  rect(x0: number, y0: number, x1: number, y1: number, tags: Tags = {}): number {
    return this.ring([[x0, y0], [x1, y0], [x1, y1], [x0, y1]], tags)
  }

  relation(members: { type: 'node' | 'way' | 'relation'; ref: number; role: string }[], tags: Tags): number {
    const id = this.relations.length + 1
    this.relations.push([
      `  <relation id="${id}">`, ...members.map((m) => `    <member type="${m.type}" ref="${m.ref}" role="${m.role}"/>`), ...tagXml(tags), '  </relation>',
    ].join('\n'))
    return id
  }

  xml(): string {
    return ['<?xml version="1.0" encoding="UTF-8"?>', '<osm version="0.6" generator="tests/helpers/osm-xml.ts">', ...this.nodes, ...this.ways, ...this.relations, '</osm>', ''].join('\n')
  }
}
