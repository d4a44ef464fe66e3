/** Machine description and the BENCHMARKS.md section the coverage benchmark writes. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'

export function machine(): string {
  let model = cpus()[0]?.model ?? 'unknown CPU'
  try {
    model = /model name\s*:\s*(.+)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? model
  } catch {
    // not Linux: keep os.cpus()'s name
  }
  // The machine is shared: the load average at the start says how much else was running.
  return `${cpus().length} cores (nproc), ${model}, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}, load average ${loadavg()[0].toFixed(1)} at start`
}

/** Replaces (or appends) the "## Coverage engine" section of BENCHMARKS.md, leaving other sections alone. */
export function writeSection(file: string, body: string): void {
  const heading = '## Coverage engine'
  const old = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n'
  const start = old.indexOf(heading)
  let text: string
  if (start < 0) text = `${old.trimEnd()}\n\n${heading}\n\n${body.trim()}\n`
  else {
    const next = old.indexOf('\n## ', start + heading.length)
    text = `${old.slice(0, start)}${heading}\n\n${body.trim()}\n${next < 0 ? '' : old.slice(next)}`
  }
  writeFileSync(file, text)
}

export const fmt = (ms: number) => (ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2))
