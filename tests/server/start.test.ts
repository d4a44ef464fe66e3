import { spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'

const run = (env: Record<string, string>) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'server/server.ts'], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  })

describe('server start-up', () => {
  it('stops with exit code 1 and a message naming a bad setting', () => {
    const r = run({ PORT: 'eighty' })
    expect(r.status).toBe(1)
    expect(r.stderr).toMatch(/invalid configuration[\s\S]*PORT/)
  })

  it('stops with exit code 1 and says which database it could not reach', () => {
    const r = run({ DATABASE_URL: 'postgres://nobody:secret@127.0.0.1:1/none' })
    expect(r.status).toBe(1)
    expect(r.stderr).toContain('127.0.0.1:1')
    // The password never reaches the log.
    expect(r.stderr).not.toContain('secret')
  })
})
