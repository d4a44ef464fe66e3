/**
 * Demo-district generator CLI.
 *   npx tsx geodata/generate/cli.ts [--seed N] [--scale S] [--out FILE]
 * Without --out prints a summary (counts, totals, time taken); with --out writes the dataset as JSON.
 */
import { writeFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { DEFAULT_SEED } from './config.ts'
import { generate } from './index.ts'
import { summarize } from './summary.ts'

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: String(DEFAULT_SEED) },
    scale: { type: 'string', default: '1' },
    out: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
  strict: true,
})

if (values.help) {
  console.log('usage: npx tsx geodata/generate/cli.ts [--seed N] [--scale S] [--out FILE]')
  process.exit(0)
}
const seed = Number(values.seed)
const scale = Number(values.scale)
if (!Number.isInteger(seed)) throw new Error(`--seed must be an integer, got ${values.seed}`)
if (!(scale > 0)) throw new Error(`--scale must be a positive number, got ${values.scale}`)

const t0 = performance.now()
const { dataset, stats } = generate({ seed, scale })
const ms = performance.now() - t0

if (values.out) {
  const json = JSON.stringify(dataset)
  writeFileSync(values.out, json)
  console.error(`wrote ${values.out} (${(json.length / 1e6).toFixed(1)} MB) — generated in ${Math.round(ms)} ms`)
} else {
  console.log(summarize(dataset, ms, stats))
}
