/**
 * Writes a generated demo district as OpenStreetMap XML, so the OSM importer can be measured on a
 * city-sized file of known content: walk edges as highways (by kind), buildings as closed ways with
 * building:levels (every 20th as a multipolygon relation round an untagged way, so relations and the
 * member ways held for them are measured too), walled compounds as landuse=residential + barrier=wall
 * rings through their gate nodes (barrier=gate). Streamed to disk; bench/import.ts imports it like the
 * real samples.
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

export async function writeDemoOsm(scale: number, out: string): Promise<{ nodes: number; ways: number; relations: number; bytes: number }> {
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
  const nodeLines: string[] = []
  const relations: string[] = []
  // Gates are walk nodes on the wall: found by position, tagged, and threaded into the wall's ring.
  const nodeAt = new Map(d.walkNodes.map((n) => [`${n.lngLat[0].toFixed(7)},${n.lngLat[1].toFixed(7)}`, n.id + 1]))
  const gateIds = new Map<number, string>()
  const gatesOf = d.compounds.map((c) => c.gates.flatMap((g) => {
    const id = nodeAt.get(`${g.lngLat[0].toFixed(7)},${g.lngLat[1].toFixed(7)}`)
    if (id === undefined) return []
    gateIds.set(id, g.name)
    return [{ id, lngLat: g.lngLat }]
  }))
  await write(`<?xml version="1.0" encoding="UTF-8"?>\n<osm version="0.6" generator="hongse-linghang bench">\n`)
  for (const n of d.walkNodes) {
    const gate = gateIds.get(n.id + 1)
    await write(gate ? `<node id="${n.id + 1}" ${coord(n.lngLat)}><tag k="barrier" v="gate"/><tag k="name" v="${esc(gate)}"/></node>\n` : `<node id="${n.id + 1}" ${coord(n.lngLat)}/>\n`)
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
  let relationId = 1
  for (const [i, b] of d.buildings.entries()) {
    const ring = b.footprint[0]!
    const refs: number[] = []
    for (const c of ring.slice(0, -1)) {
      await write(`<node id="${next}" ${coord(c as [number, number])}/>\n`)
      refs.push(next++)
      nodes++
    }
    refs.push(refs[0]!)
    const tags = `<tag k="building" v="${b.kind === 'residential' ? 'residential' : 'yes'}"/><tag k="building:levels" v="${b.floors}"/>`
    const nds = refs.map((r) => `<nd ref="${r}"/>`).join('')
    if (i % 20 === 0) {
      relations.push(`<relation id="${relationId++}"><member type="way" ref="${wayId}" role="outer"/><tag k="type" v="multipolygon"/>${tags}</relation>\n`)
      pending.push(`<way id="${wayId++}">${nds}</way>\n`)
    } else pending.push(`<way id="${wayId++}">${nds}${tags}</way>\n`)
  }
  for (const [i, c] of d.compounds.entries()) {
    if (!c.walled) continue
    const corners = c.geom[0]!.slice(0, -1) as [number, number][]
    const refs: number[] = []
    corners.forEach((p, k) => {
      const q = corners[(k + 1) % corners.length]
      refs.push(next)
      nodeLines.push(`<node id="${next++}" ${coord(p)}/>\n`)
      // Gates on this side, in order from p to q.
      const along = (g: [number, number]) => ((g[0] - p[0]) * (q[0] - p[0]) + (g[1] - p[1]) * (q[1] - p[1])) / ((q[0] - p[0]) ** 2 + (q[1] - p[1]) ** 2)
      const off = (g: [number, number]) => Math.abs((q[0] - p[0]) * (g[1] - p[1]) - (q[1] - p[1]) * (g[0] - p[0])) / Math.hypot(q[0] - p[0], q[1] - p[1])
      for (const g of gatesOf[i].filter((x) => along(x.lngLat) > 0 && along(x.lngLat) < 1 && off(x.lngLat) < 1e-6).sort((a, b) => along(a.lngLat) - along(b.lngLat))) refs.push(g.id)
    })
    refs.push(refs[0]!)
    pending.push(`<way id="${wayId++}">${refs.map((r) => `<nd ref="${r}"/>`).join('')}<tag k="landuse" v="residential"/><tag k="barrier" v="wall"/><tag k="name" v="${esc(c.name)}"/></way>\n`)
  }
  for (const line of nodeLines) {
    await write(line)
    nodes++
  }
  for (const w of pending) {
    await write(w)
    ways++
  }
  for (const r of relations) await write(r)
  await write('</osm>\n')
  file.end()
  await once(file, 'finish')
  return { nodes, ways, relations: relations.length, bytes }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { scale: { type: 'string', default: '10' }, out: { type: 'string', default: '/tmp/demo-x10.osm' } } })
  const r = await writeDemoOsm(Number(values.scale), values.out!)
  console.log(`${values.out}: ${r.nodes} nodes, ${r.ways} ways, ${(r.bytes / 1e6).toFixed(1)} MB`)
}
