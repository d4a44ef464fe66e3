import { existsSync, readdirSync, readlinkSync } from 'node:fs'
import { join, resolve } from 'node:path'

/**
 * The process that holds the embedded database in `dataDir`, or null. PGlite writes postmaster.pid
 * while open and removes it on close, but with a fake pid (-42), so the holder is found by looking for a
 * process with a file open inside the folder (Linux /proc). A pid file nobody holds is left over from a
 * crash, and PGlite recovers from it on open.
 */
export function embeddedInUse(dataDir: string): number | null {
  const dir = resolve(dataDir)
  if (!existsSync(join(dir, 'postmaster.pid')) || !existsSync('/proc/self/fd')) return null
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid) || Number(pid) === process.pid) continue
    let fds: string[]
    try {
      fds = readdirSync(`/proc/${pid}/fd`)
    } catch {
      continue // another user's process, or gone
    }
    for (const fd of fds) {
      try {
        if (readlinkSync(`/proc/${pid}/fd/${fd}`).startsWith(dir + '/')) return Number(pid)
      } catch {
        // closed meanwhile
      }
    }
  }
  return null
}
