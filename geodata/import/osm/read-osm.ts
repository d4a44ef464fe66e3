/**
 * Reads an OpenStreetMap extract, XML (.osm) or PBF (.osm.pbf), streamed: XML through saxes (a SAX-style
 * parser fed chunk by chunk, so a file of hundreds of MB is never held as one string or tree), PBF through
 * osm-pbf-parser-node. Kept in memory: the coordinates of every node (inside the bbox, when one is given),
 * the ways and tagged nodes the caller asks for. Relations (multipolygon buildings, admin boundaries) are
 * skipped: the walk network, building outlines and compounds here are ways.
 */
import { createReadStream } from 'node:fs'
import { SaxesParser, type SaxesTagPlain } from 'saxes'
import { createOSMStream } from 'osm-pbf-parser-node'

export interface OsmWay {
  id: number
  refs: number[]
  tags: Record<string, string>
}

export interface OsmNode {
  id: number
  lngLat: [number, number]
  tags: Record<string, string>
}

export interface OsmData {
  /** Node id → [lng, lat]. */
  nodes: Map<number, [number, number]>
  ways: OsmWay[]
  /** Nodes with tags that `keepNode` accepted (gates, POIs); empty without keepNode. */
  taggedNodes: OsmNode[]
}

export interface ReadOsmOptions {
  /** Keep only nodes inside [west, south, east, north]; ways keep their stretches inside. */
  bbox?: [number, number, number, number]
  /** Ways to keep. @default every way */
  keepWay?: (tags: Record<string, string>) => boolean
  /** Tagged nodes to keep with their tags. @default none */
  keepNode?: (tags: Record<string, string>) => boolean
  /** Called now and then with the bytes (XML) or elements (PBF) read so far. */
  onProgress?: (done: number) => void
}

export async function readOsm(path: string, options: ReadOsmOptions = {}): Promise<OsmData> {
  return path.endsWith('.pbf') ? readPbf(path, options) : readXml(path, options)
}

function inside(bbox: ReadOsmOptions['bbox'], lng: number, lat: number): boolean {
  return !bbox || (lng >= bbox[0] && lng <= bbox[2] && lat >= bbox[1] && lat <= bbox[3])
}

async function readXml(path: string, options: ReadOsmOptions): Promise<OsmData> {
  const data: OsmData = { nodes: new Map(), ways: [], taggedNodes: [] }
  const keepWay = options.keepWay ?? (() => true)
  const parser = new SaxesParser()
  let sawRoot = false
  let current: { kind: 'node' | 'way' | 'other'; id: number; lng: number; lat: number; refs: number[]; tags: Record<string, string> } | null = null
  parser.on('opentag', (tag: SaxesTagPlain) => {
    const a = tag.attributes as Record<string, string>
    switch (tag.name) {
      case 'osm':
        sawRoot = true
        break
      case 'node':
        current = { kind: 'node', id: Number(a.id), lng: Number(a.lon), lat: Number(a.lat), refs: [], tags: {} }
        break
      case 'way':
        current = { kind: 'way', id: Number(a.id), lng: 0, lat: 0, refs: [], tags: {} }
        break
      case 'relation':
        current = { kind: 'other', id: 0, lng: 0, lat: 0, refs: [], tags: {} }
        break
      case 'nd':
        current?.refs.push(Number(a.ref))
        break
      case 'tag':
        if (current) current.tags[a.k] = a.v
        break
    }
  })
  parser.on('closetag', (tag: SaxesTagPlain) => {
    if (!current || tag.name !== (current.kind === 'other' ? 'relation' : current.kind)) return
    const c = current
    current = null
    if (c.kind === 'node') addNode(data, options, c.id, c.lng, c.lat, c.tags)
    else if (c.kind === 'way' && keepWay(c.tags)) data.ways.push({ id: c.id, refs: c.refs, tags: c.tags })
  })
  let bytes = 0
  let lastReport = 0
  try {
    for await (const chunk of createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
      parser.write(chunk as string)
      bytes += Buffer.byteLength(chunk as string)
      if (bytes - lastReport > 4 << 20) {
        lastReport = bytes
        options.onProgress?.(bytes)
      }
    }
    parser.close()
  } catch (err) {
    throw new Error(`reading ${path} as OSM XML (line ${parser.line}): ${(err as Error).message}`)
  }
  if (!sawRoot) throw new Error(`reading ${path}: no <osm> root element`)
  options.onProgress?.(bytes)
  return data
}

function addNode(data: OsmData, options: ReadOsmOptions, id: number, lng: number, lat: number, tags: Record<string, string>) {
  if (!inside(options.bbox, lng, lat)) return
  data.nodes.set(id, [lng, lat])
  if (options.keepNode && Object.keys(tags).length > 0 && options.keepNode(tags)) data.taggedNodes.push({ id, lngLat: [lng, lat], tags })
}

async function readPbf(path: string, options: ReadOsmOptions): Promise<OsmData> {
  const data: OsmData = { nodes: new Map(), ways: [], taggedNodes: [] }
  const keepWay = options.keepWay ?? (() => true)
  let n = 0
  try {
    for await (const item of createOSMStream(path, { withTags: { node: Boolean(options.keepNode), way: true, relation: false } })) {
      const e = item as { type?: string; id: number; lat?: number; lon?: number; refs?: number[]; tags?: Record<string, string> }
      if (e.type === 'node') addNode(data, options, e.id, e.lon!, e.lat!, e.tags ?? {})
      else if (e.type === 'way' && keepWay(e.tags ?? {})) data.ways.push({ id: e.id, refs: e.refs ?? [], tags: e.tags ?? {} })
      if (++n % 200_000 === 0) options.onProgress?.(n)
    }
  } catch (err) {
    throw new Error(`reading ${path} as OSM PBF (after ${n} elements): ${(err as Error).message}`)
  }
  return data
}
