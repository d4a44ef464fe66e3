/**
 * Import benchmark: wall time and peak RSS of importing each real sample in ../shared/geodata-raw (or
 * GEODATA_RAW), each in a child process of its own (so peak RSS is that import's) into a fresh database
 * created on BENCH_DATABASE_URL / TEST_DATABASE_URL's server and dropped afterwards; and a city-sized file,
 * the 10× demo district written as OSM XML (bench/demo-as-osm.ts).
 *
 *   BENCH_DATABASE_URL=postgres://… npx tsx bench/import.ts
 *
 * Without a database URL it stops: the embedded PGlite would count its own memory and 20 s of start-up.
 */
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { writeDemoOsm } from './demo-as-osm.ts'

const RAW = process.env.GEODATA_RAW ?? join(import.meta.dirname, '../../shared/geodata-raw')
const url = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL
if (!url) {
  console.error('set BENCH_DATABASE_URL (or TEST_DATABASE_URL) to a PostgreSQL + PostGIS server the benchmark may create databases on')
  process.exit(2)
}

export const SAMPLES: { name: string; kind: 'osm' | 'areas'; file: string; args: string[] }[] = [
  { name: 'Hefei district outlines (GCJ-02, 9 polygons)', kind: 'areas', file: 'hefei-context/datav_340100_hefei_districts_GCJ02.json', args: ['--level', 'district', '--crs', 'gcj02'] },
  { name: 'Beijing Haidian PBF (115 KB)', kind: 'osm', file: 'beijing-haidian-cau-osm/map.osm.pbf', args: ['--make-district', 'bench'] },
  { name: 'Beijing Haidian XML (2.0 MB)', kind: 'osm', file: 'beijing-haidian-cau-osm/map.osm', args: ['--make-district', 'bench'] },
  { name: 'Shenzhen Longgang XML (2.2 MB)', kind: 'osm', file: 'shenzhen-longgang-osm/map.osm', args: ['--make-district', 'bench'] },
  { name: "Shanghai Jing'an XML (0.7 MB)", kind: 'osm', file: 'shanghai-jingan-osmnx-drive/shanghai.osm', args: ['--make-district', 'bench'] },
  { name: "Shanghai Jing'an PBF (39 KB)", kind: 'osm', file: 'shanghai-jingan-osmnx-drive/shanghai.osm.pbf', args: ['--make-district', 'bench'] },
  { name: 'Shanghai Bund Tilezen roads GeoJSON (0.5 MB)', kind: 'osm', file: 'shanghai-bund-lujiazui-tilezen/roads_merged_by_id.geojson', args: ['--make-district', 'bench'] },
]

// A city-sized file of known content: the 10× demo district written out as OSM XML (bench/demo-as-osm.ts).
const CITY = join(tmpdir(), 'hongse-demo-x10.osm')
const city = await writeDemoOsm(10, CITY)
console.log(`wrote ${CITY}: ${city.nodes} nodes, ${city.ways} ways, ${(city.bytes / 1e6).toFixed(1)} MB`)
const runs = [
  ...SAMPLES.map((s) => ({ ...s, path: join(RAW, s.file) })),
  { name: `10× demo district as OSM XML (${(city.bytes / 1e6).toFixed(0)} MB)`, kind: 'osm' as const, path: CITY, args: ['--make-district', 'bench'] },
]

const rows: string[] = []
for (const s of runs) {
  const file = s.path
  if (!existsSync(file)) {
    console.log(`${s.name}: ${file} not found, skipped`)
    continue
  }
  const out = execFileSync('npx', ['tsx', join(import.meta.dirname, 'import-one.ts'), s.kind, file, ...s.args], {
    env: { ...process.env, BENCH_DATABASE_URL: url }, encoding: 'utf8',
  })
  const r = JSON.parse(out.trim().split('\n').pop()!) as { ms: number; maxRssMb: number; loaded: Record<string, number> }
  const loaded = Object.entries(r.loaded).map(([t, n]) => `${t} ${n}`).join(', ')
  rows.push(`| ${s.name} | ${(r.ms / 1000).toFixed(2)} s | ${r.maxRssMb.toFixed(0)} MB | ${loaded} |`)
  console.log(rows[rows.length - 1])
}
console.log(['', '| sample | import time | peak RSS | loaded |', '| --- | --- | --- | --- |', ...rows].join('\n'))
