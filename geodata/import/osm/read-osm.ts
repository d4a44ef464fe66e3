/**
 * Reads an OpenStreetMap extract, XML (.osm) or PBF (.osm.pbf), into node coordinates and tagged ways.
 * XML goes through fast-xml-parser (whole document: fine for district extracts of tens of MB), PBF
 * through osm-pbf-parser-node (streamed). Relations are not needed for walking networks and are skipped.
 */
import { readFile } from 'node:fs/promises'
import { XMLParser } from 'fast-xml-parser'
import { createOSMStream } from 'osm-pbf-parser-node'

export interface OsmWay {
  id: number
  refs: number[]
  tags: Record<string, string>
}

export interface OsmData {
  /** Node id → [lng, lat]. */
  nodes: Map<number, [number, number]>
  ways: OsmWay[]
}

export async function readOsm(path: string): Promise<OsmData> {
  return path.endsWith('.pbf') ? readPbf(path) : readXml(path)
}

async function readXml(path: string): Promise<OsmData> {
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    parseAttributeValue: false,
    isArray: (name) => name === 'node' || name === 'way' || name === 'nd' || name === 'tag',
  })
  const doc = parser.parse(await readFile(path, 'utf8')) as {
    osm?: { node?: { id: string; lat: string; lon: string }[]; way?: { id: string; nd?: { ref: string }[]; tag?: { k: string; v: string }[] }[] }
  }
  if (!doc.osm) throw new Error(`reading ${path}: no <osm> root element`)
  const nodes = new Map<number, [number, number]>()
  for (const n of doc.osm.node ?? []) nodes.set(Number(n.id), [Number(n.lon), Number(n.lat)])
  const ways = (doc.osm.way ?? []).map((w) => ({
    id: Number(w.id),
    refs: (w.nd ?? []).map((r) => Number(r.ref)),
    tags: Object.fromEntries((w.tag ?? []).map((t) => [t.k, String(t.v)])),
  }))
  return { nodes, ways }
}

async function readPbf(path: string): Promise<OsmData> {
  const nodes = new Map<number, [number, number]>()
  const ways: OsmWay[] = []
  for await (const item of createOSMStream(path, { withTags: { node: false, way: true, relation: false } })) {
    const e = item as { type?: string; id: number; lat?: number; lon?: number; refs?: number[]; tags?: Record<string, string> }
    if (e.type === 'node') nodes.set(e.id, [e.lon!, e.lat!])
    else if (e.type === 'way') ways.push({ id: e.id, refs: e.refs ?? [], tags: e.tags ?? {} })
  }
  return { nodes, ways }
}
