/** What an import did, printed at the end and written with --report: loaded, repaired, rejected. */
export interface Issue {
  /** Where in the input: "line 12", "feature 3", "way 123456". */
  where: string
  reasons: string[]
}

export interface ImportReport {
  kind: string
  file: string
  /** Rows written per table (inserted or updated). */
  loaded: Record<string, number>
  repaired: Issue[]
  rejected: Issue[]
  /** Findings that did not stop anything: overlaps, gaps, assumptions made. */
  warnings: string[]
  /** Importer-specific figures (overlap areas, household spread …). */
  details: Record<string, unknown>
  durationMs: number
}

export function newReport(kind: string, file: string): ImportReport {
  return { kind, file, loaded: {}, repaired: [], rejected: [], warnings: [], details: {}, durationMs: 0 }
}

export function countLoaded(report: ImportReport, table: string, n: number): void {
  report.loaded[table] = (report.loaded[table] ?? 0) + n
}

/** The report as text for a terminal; long lists are cut after `limit` entries (the JSON report has all). */
export function formatReport(r: ImportReport, limit = 50): string {
  const lines = [`${r.kind} import of ${r.file} finished in ${(r.durationMs / 1000).toFixed(1)} s`]
  const loaded = Object.entries(r.loaded)
  lines.push(loaded.length ? `loaded: ${loaded.map(([t, n]) => `${t} ${n}`).join(', ')}` : 'loaded: nothing')
  const list = (title: string, issues: Issue[]) => {
    if (!issues.length) return
    lines.push(`${title}: ${issues.length}`)
    for (const x of issues.slice(0, limit)) lines.push(`  ${x.where}: ${x.reasons.join('; ')}`)
    if (issues.length > limit) lines.push(`  … ${issues.length - limit} more (see --report)`)
  }
  list('repaired', r.repaired)
  list('rejected', r.rejected)
  if (r.warnings.length) {
    lines.push(`warnings: ${r.warnings.length}`)
    for (const w of r.warnings.slice(0, limit)) lines.push(`  ${w}`)
    if (r.warnings.length > limit) lines.push(`  … ${r.warnings.length - limit} more (see --report)`)
  }
  return lines.join('\n')
}

/** An import that cannot go on (unreadable file, missing column, no areas yet); nothing was written. */
export class ImportError extends Error {}
