/**
 * Writes a generated demo district as OpenStreetMap XML, so the OSM importer can be measured on a
 * city-sized file of known content: walk edges as highways (by kind), buildings as closed ways with
 * building:levels. Streamed to disk; bench/import.ts imports it like the real samples.
 *
 *   npx tsx bench/demo-as-osm.ts --scale 10 --out /tmp/demo-x10.osm
 */
import { createWriteStream } from 'node:fs'
import { once } from 'node:events'
import { parseArgs } from 'node:util'
import type { EdgeKind } from '../geodata/dataset/index.ts'
import { generateDistrict } from '../geodata/generate/index.ts'

const HIGHWAY: Record<EdgeKind, string> = {
  arterial: 'secondary', local: 'residential', alley: 'service', bridge: 'residential', park_path: 'path',
  gate: 'footway', compound_path: 'footway', entrance: 'footway',
}

export async function writeDemoOsm(scale: number, out: string): Promise<{ nodes: number; ways: number; bytes: number }> {
  const d = generateDistrict({ scale })
  const file = createWriteStream(out)
  let bytes = 0
  const write = async (s: string) => {
    bytes += Buffer.byteLength(s)
    if (!file.write(s)) await once(file, 'drain')
  }
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;')
  const coord = ([lng, lat]: [number, number]) => `lat="${lat.toFixed(7)}" lon="${lng.toFixed(7)}"`
  // OSM ids are positive: walk nodes keep theirs + 1; vertices of edges and buildings count on from there.
  let next = d.walkNodes.reduce((m, n) => Math.max(m, n.id), 0) + 2
  let nodes = 0
  let ways = 0
  const pending: string[] = []
  await write(`<?xml version="1.0" encoding="UTF-8"?>\n<osm version="0.6" generator="hongse-linghang bench">\n`)
  for (const n of d.walkNodes) {
    await write(`<node id="${n.id + 1}" ${coord(n.lngLat)}/>\n`)
    nodes++
  }
  for (const e of d.walkEdges) {
    const refs = [e.source + 1]
    for (const c of e.coords.slice(1, -1)) {
      await write(`<node id="${next}" ${coord(c)}/>\n`)
      refs.push(next++)
      nodes++
    }
    refs.push(e.target + 1)
    const tags = [`<tag k="highway" v="${HIGHWAY[e.kind]}"/>`, e.kind === 'bridge' ? '<tag k="bridge" v="yes"/>' : '', e.name ? `<tag k="name" v="${esc(e.name)}"/>` : '']
    pending.push(`<way id="${e.id + 1}">${refs.map((r) => `<nd ref="${r}"/>`).join('')}${tags.join('')}</way>\n`)
  }
  let wayId = d.walkEdges.reduce((m, e) => Math.max(m, e.id), 0) + 2
  for (const b of d.buildings) {
    const ring = b.footprint[0]!
    const refs: number[] = []
    for (const c of ring.slice(0, -1)) {
      await write(`<node id="${next}" ${coord(c as [number, number])}/>\n`)
      refs.push(next++)
      nodes++
    }
    refs.push(refs[0]!)
    pending.push(`<way id="${wayId++}">${refs.map((r) => `<nd ref="${r}"/>`).join('')}<tag k="building" v="${b.kind === 'residential' ? 'residential' : 'yes'}"/><tag k="building:levels" v="${b.floors}"/></way>\n`)
  }
  for (const w of pending) {
    await write(w)
    ways++
  }
  await write('</osm>\n')
  file.end()
  await once(file, 'finish')
  return { nodes, ways, bytes }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { scale: { type: 'string', default: '10' }, out: { type: 'string', default: '/tmp/demo-x10.osm' } } })
  const r = await writeDemoOsm(Number(values.scale), values.out!)
  console.log(`${values.out}: ${r.nodes} nodes, ${r.ways} ways, ${(r.bytes / 1e6).toFixed(1)} MB`)
}
