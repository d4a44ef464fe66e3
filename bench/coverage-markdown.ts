/** The "Coverage engine" section of BENCHMARKS.md, from the benchmark's measured rows. */
import type { Row } from './coverage.ts'
import { fmt } from './coverage-report.ts'

const TARGETS: Record<string, [number, number]> = {
  'whole-district coverage (all stations, 5+15 min, all areas)': [50, 30],
  'what-if: one station moved (median of 50)': [20, 5],
  'what-if: 20 changes (10 moved, 5 removed, 5 added; median of 20)': [30, 30],
  'isochrone, one station, 5+15 min (median of 50)': [20, 20],
  'siting k = 5, 15 min': [300, 300],
  'siting k = 20, 15 min': [1000, 1000],
}

export function markdown(rows: Row[], machineLine: string): string {
  const out: string[] = []
  const compared = rows.some((r) => r.figures.some((f) => !Number.isNaN(f[2])))
  out.push(`Measured by \`npm run bench:coverage\` (\`tsx bench/coverage.ts --write${compared ? ' --compare …' : ''}\`) on ${machineLine}.`)
  out.push('Demo district = `generateDistrict({ seed: 20240701, scale })`; medians (what-if and isochrone: of 50 runs).')
  if (compared) {
    out.push('"before" is the engine of the previous commit, run in the same process, alternating call by call with "now"')
    out.push('so both saw the same load; × is before / now. The machine is shared and noisy: treat single figures as ±30 %.')
  }
  out.push('')
  const head = rows.flatMap((r) => (compared ? [`scale ${r.scale} before`, `scale ${r.scale} now`, '×'] : [`scale ${r.scale} (ms)`]))
  out.push(`| | ${head.join(' | ')} | target (ms) |`)
  out.push(`|---|${head.map(() => '---:').join('|')}|---|`)
  for (const [label] of rows[0].figures) {
    const cells = rows.flatMap((r) => {
      const f = r.figures.find(([l]) => l === label)
      if (!f) return compared ? ['–', '–', ''] : ['–']
      if (!compared) return [fmt(f[1])]
      return Number.isNaN(f[2]) ? ['–', fmt(f[1]), ''] : [fmt(f[2]), fmt(f[1]), `${(f[2] / f[1]).toFixed(1)}`]
    })
    const t = TARGETS[label]
    const target = t ? rows.map((r) => `≤ ${r.scale >= 10 ? t[1] : t[0]}`).join(' / ') + ' ' + verdict(rows, label, t) : ''
    out.push(`| ${label} | ${cells.join(' | ')} | ${target} |`)
  }
  for (const r of rows) if (r.checks.length) out.push('', `Same answers, scale ${r.scale} (now vs before): ${r.checks.join('; ')}.`)
  out.push('')
  out.push('What the rows measure: a repeated call is what the server does (same model, stations as last time or a')
  out.push('few changed). The engine keeps the labels of its last searches per model and repairs them (stations')
  out.push('matched by where they attach), remembers where points snapped and, for siting, which street candidates')
  out.push('reach each building; "first call" rows forget all of that before each run (`clearEngineCaches`).')
  out.push('Siting now ends with a swap pass after lazy greedy and picks one fixed street node per 50 m square, so')
  out.push('its gains may differ from the earlier engine\'s (better or equal in total; see the checks above).')
  out.push('At 10× siting rows are one timed run per side after a warm-up call (the earlier engine took seconds each).')
  out.push('')
  out.push('Sizes: ' + rows.map((r) => `scale ${r.scale}: ${r.size}`).join('; ') + '.')
  out.push('Siting tried ' + rows.map((r) => `${r.candidates} at scale ${r.scale}`).join('; ') + ' (public-street nodes within reach of an uncovered building, one per 50 m square).')
  out.push('')
  const withPg = rows.filter((r) => r.pg)
  if (withPg.length === 0) {
    out.push('pgRouting: not measured in this run (no DATABASE_URL / TEST_DATABASE_URL).')
  } else {
    out.push('Whole-district coverage against pgRouting 3.4 on PostgreSQL 15 (same network, same station start nodes, every')
    out.push('search bounded at 1,000 m, area statistics in the same SQL statement; engine = the same work in-process):')
    out.push('')
    out.push('| scale | engine | per-station pgr_drivingDistance | one call, equicost | one call, per origin | engine faster than per-station / best one-call |')
    out.push('|---|---:|---:|---:|---:|---|')
    for (const r of withPg) {
      const pg = r.pg!
      const best = Math.min(pg.oneCallEquicostMs, pg.oneCallPerOriginMs)
      out.push(`| ${r.scale} | ${fmt(r.engineSameWork)} ms | ${fmt(pg.perStationMs)} ms | ${fmt(pg.oneCallEquicostMs)} ms | ${fmt(pg.oneCallPerOriginMs)} ms | ${(pg.perStationMs / r.engineSameWork).toFixed(0)}× / ${(best / r.engineSameWork).toFixed(0)}× (targets 20× / 5×) |`)
    }
    out.push('')
    for (const r of withPg) out.push(`- scale ${r.scale}: ${r.note}; loading the network into pgRouting's tables took ${fmt(r.pg!.loadMs)} ms (not counted).`)
    if (withPg.some((r) => JSON.stringify(r.pg!.covered.equicost) !== JSON.stringify(r.pg!.covered.perStation))) {
      out.push('- The one-call `equicost => true` form counts fewer covered residents where it differs: pgRouting 3.4 returns some')
      out.push('  distances too long in that mode (see issue 4), so its speed is not for a correct answer; the ratio uses it anyway.')
    }
  }
  return out.join('\n')
}

function verdict(rows: Row[], label: string, t: [number, number]): string {
  const ok = rows.every((r) => {
    const f = r.figures.find(([l]) => l === label)
    return f !== undefined && f[1] <= (r.scale >= 10 ? t[1] : t[0])
  })
  return ok ? '(met)' : '(**missed**)'
}
