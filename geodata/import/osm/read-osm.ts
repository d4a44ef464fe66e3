/**
 * Reads an OpenStreetMap extract, XML (.osm) or PBF (.osm.pbf), streamed: XML through saxes (a SAX-style
 * parser fed chunk by chunk, so a file of hundreds of MB is never held as one string or tree), PBF through
 * osm-pbf-parser-node. Kept in memory: the coordinates of every node (inside the bbox, when one is given),
 * the ways, tagged nodes and relations the caller asks for, and the node refs of the other ways a kept
 * relation uses as members (multipolygon outers and inners are often untagged ways).
 *
 * Member ways come before the relations that use them (OSM files list nodes, then ways, then relations),
 * so while the file streams by, every way not kept for itself but touching the extract is held as a
 * compact Float64Array of node ids; once the relations are read, those no kept relation names are dropped.
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

export interface OsmMember {
  type: 'node' | 'way' | 'relation'
  ref: number
  role: string
}

export interface OsmRelation {
  id: number
  tags: Record<string, string>
  members: OsmMember[]
}

export interface OsmData {
  /** Node id → [lng, lat]. */
  nodes: Map<number, [number, number]>
  ways: OsmWay[]
  /** Nodes with tags that `keepNode` accepted (gates, POIs); empty without keepNode. */
  taggedNodes: OsmNode[]
  /** Relations that `keepRelation` accepted; empty without keepRelation. */
  relations: OsmRelation[]
  /** Node refs of member ways of those relations that `keepWay` did not keep (those are in `ways`). */
  memberWays: Map<number, number[]>
}

export interface ReadOsmOptions {
  /** Keep only nodes inside [west, south, east, north]; ways keep their stretches inside. */
  bbox?: [number, number, number, number]
  /** Ways to keep. @default every way */
  keepWay?: (tags: Record<string, string>) => boolean
  /** Tagged nodes to keep with their tags. @default none */
  keepNode?: (tags: Record<string, string>) => boolean
  /** Relations to keep, with the node refs of their member ways. @default none */
  keepRelation?: (tags: Record<string, string>) => boolean
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
  const data = emptyData()
  const collect = new Collector(data, options)
  const parser = new SaxesParser()
  let sawRoot = false
  let current: { kind: 'node' | 'way' | 'relation'; id: number; lng: number; lat: number; refs: number[]; members: OsmMember[]; tags: Record<string, string> } | null = null
  parser.on('opentag', (tag: SaxesTagPlain) => {
    const a = tag.attributes as Record<string, string>
    switch (tag.name) {
      case 'osm':
        sawRoot = true
        break
      case 'node':
        current = { kind: 'node', id: Number(a.id), lng: Number(a.lon), lat: Number(a.lat), refs: [], members: [], tags: {} }
        break
      case 'way':
        current = { kind: 'way', id: Number(a.id), lng: 0, lat: 0, refs: [], members: [], tags: {} }
        break
      case 'relation':
        current = { kind: 'relation', id: Number(a.id), lng: 0, lat: 0, refs: [], members: [], tags: {} }
        break
      case 'nd':
        current?.refs.push(Number(a.ref))
        break
      case 'member':
        current?.members.push({ type: a.type as OsmMember['type'], ref: Number(a.ref), role: a.role ?? '' })
        break
      case 'tag':
        if (current) current.tags[a.k] = a.v
        break
    }
  })
  parser.on('closetag', (tag: SaxesTagPlain) => {
    if (!current || tag.name !== current.kind) return
    const c = current
    current = null
    if (c.kind === 'node') collect.node(c.id, c.lng, c.lat, c.tags)
    else if (c.kind === 'way') collect.way(c.id, c.refs, c.tags)
    else collect.relation(c.id, c.members, c.tags)
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
  collect.finish()
  return data
}

async function readPbf(path: string, options: ReadOsmOptions): Promise<OsmData> {
  const data = emptyData()
  const collect = new Collector(data, options)
  let n = 0
  try {
    for await (const item of createOSMStream(path, { withTags: { node: Boolean(options.keepNode), way: true, relation: Boolean(options.keepRelation) } })) {
      const e = item as { type?: string; id: number; lat?: number; lon?: number; refs?: number[]; members?: OsmMember[]; tags?: Record<string, string> }
      if (e.type === 'node') collect.node(e.id, e.lon!, e.lat!, e.tags ?? {})
      else if (e.type === 'way') collect.way(e.id, e.refs ?? [], e.tags ?? {})
      else if (e.type === 'relation') collect.relation(e.id, e.members ?? [], e.tags ?? {})
      if (++n % 200_000 === 0) options.onProgress?.(n)
    }
  } catch (err) {
    throw new Error(`reading ${path} as OSM PBF (after ${n} elements): ${(err as Error).message}`)
  }
  collect.finish()
  return data
}

const emptyData = (): OsmData => ({ nodes: new Map(), ways: [], taggedNodes: [], relations: [], memberWays: new Map() })

/** What both readers do with each element as it streams by. */
class Collector {
  private readonly keepWay: (tags: Record<string, string>) => boolean
  /** Ways not kept for themselves, held until the relations say which are members. */
  private readonly held = new Map<number, Float64Array>()

  constructor(private readonly data: OsmData, private readonly options: ReadOsmOptions) {
    this.keepWay = options.keepWay ?? (() => true)
  }

  node(id: number, lng: number, lat: number, tags: Record<string, string>) {
    if (!inside(this.options.bbox, lng, lat)) return
    this.data.nodes.set(id, [lng, lat])
    if (this.options.keepNode && Object.keys(tags).length > 0 && this.options.keepNode(tags)) this.data.taggedNodes.push({ id, lngLat: [lng, lat], tags })
  }

  way(id: number, refs: number[], tags: Record<string, string>) {
    if (this.keepWay(tags)) this.data.ways.push({ id, refs, tags })
    // A way none of whose nodes is in the extract cannot add to any ring inside it. A file that lists
    // ways before their nodes (not the OSM order) has no nodes yet here: hold everything then.
    else if (this.options.keepRelation && (this.data.nodes.size === 0 || refs.some((r) => this.data.nodes.has(r)))) this.held.set(id, Float64Array.from(refs))
  }

  relation(id: number, members: OsmMember[], tags: Record<string, string>) {
    if (this.options.keepRelation?.(tags)) this.data.relations.push({ id, tags, members })
  }

  finish() {
    for (const r of this.data.relations) {
      for (const m of r.members) {
        const refs = m.type === 'way' ? this.held.get(m.ref) : undefined
        if (refs) this.data.memberWays.set(m.ref, Array.from(refs))
      }
    }
    this.held.clear()
  }
}
