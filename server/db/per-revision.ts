import type pg from 'pg'

/** The geography's revision, bumped by the loader each time a dataset is (re)loaded. */
export async function datasetRevision(db: pg.Pool): Promise<number> {
  const { rows } = await db.query<{ revision: number }>('SELECT revision FROM dataset_info')
  return rows[0]?.revision ?? 0
}

export interface PerRevision<T> {
  /** The value for the current revision, built on first use and rebuilt after a reload. */
  get(): Promise<T>
}

/**
 * Something derived from the whole geography (vector tiles, the walking model) that is expensive to
 * build: built once, rebuilt when the dataset revision changes, looked at no more often than
 * `checkEveryMs`, and forgotten if its build fails so the next request tries again.
 */
export function perRevision<T>(
  db: pg.Pool,
  build: (revision: number) => Promise<T>,
  options: {
    checkEveryMs?: number
    onRebuild?: () => void
    /** What "revision" means; @default the dataset revision (geography). Live data passes its own. */
    version?: (db: pg.Pool) => Promise<number>
  } = {},
): PerRevision<T> {
  const checkEveryMs = options.checkEveryMs ?? 10_000
  const version = options.version ?? datasetRevision
  let cached: { revision: number; value: Promise<T> } | null = null
  let checkedAt = 0
  return {
    async get() {
      const now = Date.now()
      if (cached && now - checkedAt < checkEveryMs) return cached.value
      checkedAt = now
      const revision = await version(db)
      if (!cached || cached.revision !== revision) {
        options.onRebuild?.()
        const value = build(revision)
        const entry = { revision, value }
        value.catch(() => {
          if (cached === entry) cached = null
        })
        cached = entry
      }
      return cached.value
    },
  }
}
