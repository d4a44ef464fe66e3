import { spawnSync } from 'node:child_process'
import { createReadStream, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTestApp, testDatabases, type TestApp } from '../helpers/databases.ts'
import { importCasesCsv, ImportError, type ImportReport } from '../../geodata/import/cases-csv/import-cases.ts'
import { foldEvents } from '../../server/domain/cases/lifecycle.ts'
import { rowToState, STATE_SELECT } from '../../server/plugins/cases/state-sql.ts'

const FIXTURE = new URL('../fixtures/cases/historical.csv', import.meta.url).pathname
// The fixture's cases all fall in March 2023, a window no other test writes to.
const MARCH = 'from=2023-03-01T00:00:00%2B08:00&to=2023-04-01T00:00:00%2B08:00'

describe.each(testDatabases())('historical case import on the $name database', (target) => {
  let t: TestApp
  let report: ImportReport
  beforeAll(async () => {
    t = await openTestApp(target)
    report = await importCasesCsv(t.db.pool, createReadStream(FIXTURE), { batchSize: 3 })
  })
  afterAll(async () => {
    await t?.close()
  })
  const get = (url: string) => t.app.inject(url).then((r) => r.json())
  const byExternal = async (id: string) => {
    const { rows } = await t.db.pool.query(`SELECT ${STATE_SELECT} FROM cases c WHERE c.external_id = $1`, [id])
    return rowToState(rows[0])
  }

  it('loads the good rows and reports every bad one with its line number and reasons', () => {
    expect(report.rows).toBe(17)
    expect(report.loaded).toBe(7)
    expect(report.ignoredColumns).toEqual(['channel_note'])
    const reasons = Object.fromEntries(report.rejected.map((r) => [r.line, r.reasons.join('; ')]))
    expect(Object.keys(reasons).map(Number)).toEqual([8, 9, 10, 11, 12, 13, 14, 15, 16, 17])
    expect(reasons[8]).toMatch(/category 'ufo' is unknown/)
    expect(reasons[9]).toMatch(/lat '95' must be a number from -90 to 90/)
    expect(reasons[10]).toMatch(/title is missing/)
    expect(reasons[11]).toMatch(/created_at 'yesterday' is not an ISO 8601 time/)
    expect(reasons[12]).toMatch(/created_at .* is in the future/)
    expect(reasons[13]).toMatch(/an evaluated case needs satisfaction/)
    expect(reasons[14]).toMatch(/resolved_at is before created_at/)
    expect(reasons[15]).toMatch(/has 7 fields where the header has 24/)
    expect(reasons[16]).toMatch(/repeats source and external_id of line 2/)
    expect(reasons[17]).toMatch(/satisfaction '7' must be a number from 1 to 5/)
  })

  it('stores imported cases with their history, places and converts them, and logs one imported event each', async () => {
    const closed = await byExternal('H2023-0001')
    expect(closed).toMatchObject({
      status: 'closed', resolvedLevel: 'building', satisfaction: 5, reporterPhone: '13900001111',
      createdAt: '2023-03-01T00:10:00.000Z', resolvedAt: '2023-03-01T06:10:00.000Z', closedAt: '2023-03-02T01:00:00.000Z',
      dispatchedTo: { level: 'community', id: 'D01S01C01' },
    })
    expect(closed.gridId).not.toBeNull()
    const gcj = await byExternal('W2023-0002')
    expect(gcj.reported.crs).toBe('gcj02')
    expect(gcj.location.lng).toBeCloseTo(117.057619, 5)
    expect(gcj.location.lat).toBeCloseTo(30.5210728, 5)
    const outside = await byExternal('H2023-0006')
    expect(outside).toMatchObject({ gridId: null, districtId: null })
    const quoted = await byExternal('W2023-0007')
    expect(quoted).toMatchObject({ title: '树枝折断, 挡住人行道', address: '澜溪区 "绿苑" 小区', priority: 'low' })

    const events = (await t.db.pool.query('SELECT type, at, actor, payload FROM case_events WHERE case_id = $1 ORDER BY id', [closed.id])).rows
    expect(events.map((e) => [e.type, e.actor])).toEqual([['imported', 'import:cases-csv']])
    expect(foldEvents(events.map((e) => ({ ...e, at: e.at.toISOString() })))).toEqual(closed)
    const detail = await get(`/api/cases/${closed.id}`)
    expect(detail.reporter).toEqual({ name: '王**', phone: '********111' })
    expect(JSON.stringify(detail)).not.toContain('13900001111')
  })

  it('loads nothing twice when the same file is imported again', async () => {
    const again = await importCasesCsv(t.db.pool, createReadStream(FIXTURE))
    expect(again.loaded).toBe(0)
    expect(again.alreadyStored.map((x) => x.line)).toEqual([2, 3, 4, 5, 6, 7, 18])
    expect(again.rejected).toHaveLength(10)
  })

  it('refuses a file without the required columns', async () => {
    await expect(importCasesCsv(t.db.pool, Readable.from(['source,title\napp,x\n']))).rejects.toThrow(ImportError)
    await expect(importCasesCsv(t.db.pool, Readable.from(['source,title\napp,x\n']))).rejects.toThrow(/external_id, category, lng, lat, created_at/)
  })

  it('computes the KPIs of a window from these cases', async () => {
    const s = await get(`/api/cases/stats?${MARCH}`)
    expect(s.window).toEqual({ from: '2023-02-28T16:00:00.000Z', to: '2023-03-31T16:00:00.000Z' })
    expect(s.counts).toMatchObject({ window: 7, open: 3, resolved: 4 })
    // Today and this week count whatever else is being written now, never these 2023 cases.
    expect(s.counts.week).toBeGreaterThanOrEqual(s.counts.today)
    expect(s.resolvedRate).toBeCloseTo(4 / 7, 4)
    // Handling hours 6, 13, 24 and 11: mean 13.5, percentile_cont(0.9) = 13 + 0.7 × 11.
    expect(s.avgHandlingHours).toBe(13.5)
    expect(s.p90HandlingHours).toBe(20.7)
    // Overdue: sanitation at high priority (12 h) took 13 h; three cases were never resolved.
    expect(s.overdue).toBe(4)
    expect(s.satisfaction).toEqual({ average: 4, count: 3 })
    expect(s.split721).toEqual({
      service: { count: 4, share: 0.5714 },
      management: { count: 1, share: 0.1429 },
      enforcement: { count: 2, share: 0.2857 },
    })
    expect(s.localResolutionShare).toBe(0.5)
    expect(s.children.length).toBeGreaterThanOrEqual(1)
    expect(s.children.reduce((n: number, c: any) => n + c.counts.window, 0)).toBe(6) // one case lies outside the district

    // One street's figures, and its children's, come from the same cases.
    const street = (await byExternal('H2023-0001')).streetId!
    const own = await get(`/api/cases/stats?area=${street}&${MARCH}`)
    expect(own.area).toMatchObject({ id: street, level: 'street' })
    expect(own.counts.window).toBeGreaterThanOrEqual(1)
    expect(own.children.every((c: any) => c.level === 'community')).toBe(true)
    expect(own.children.reduce((n: number, c: any) => n + c.counts.window, 0)).toBe(own.counts.window)
    expect((await t.app.inject('/api/cases/stats?area=NOPE')).statusCode).toBe(404)
    expect((await t.app.inject('/api/cases/stats?window=2w')).statusCode).toBe(400)
    expect((await t.app.inject('/api/cases/stats?window=1h&from=2023-01-01T00:00:00Z')).statusCode).toBe(400)
  })

  it('filters and pages the case list', async () => {
    const list = (q: string) => get(`/api/cases?${MARCH}&${q}`)
    const ids = (r: any) => r.items.map((c: any) => c.externalId).sort()
    expect((await list('limit=100')).total).toBe(7)
    expect(ids(await list('status=closed'))).toEqual(['H2023-0001', 'H2023-0006'])
    expect(ids(await list('status=received,handling'))).toEqual(['P2023-0004', 'V2023-0005', 'W2023-0007'])
    expect(ids(await list('class721=enforcement'))).toEqual(['H2023-0006', 'P2023-0004'])
    expect(ids(await list('source=wechat'))).toEqual(['W2023-0002', 'W2023-0007'])
    expect(ids(await list('category=parking,noise'))).toEqual(['A2023-0003', 'H2023-0006'])
    expect(ids(await list('overdue=true'))).toEqual(['P2023-0004', 'V2023-0005', 'W2023-0002', 'W2023-0007'])
    expect((await list('overdue=false')).total).toBe(3)
    const grid = (await byExternal('H2023-0001')).gridId!
    const community = (await byExternal('H2023-0001')).communityId!
    expect(ids(await list(`area=${grid}`))).toContain('H2023-0001')
    expect(ids(await list(`area=${community}`))).toContain('H2023-0001')
    // Newest first, then pages.
    const page1 = await list('limit=3')
    expect(page1.items.map((c: any) => c.externalId)).toEqual(['W2023-0007', 'H2023-0006', 'V2023-0005'])
    const page3 = await list('limit=3&offset=6')
    expect(page3).toMatchObject({ total: 7, limit: 3, offset: 6 })
    expect(page3.items.map((c: any) => c.externalId)).toEqual(['H2023-0001'])
    expect(await list('limit=3&offset=30')).toMatchObject({ total: 7, items: [] })
    for (const bad of ['status=lost', 'limit=0', 'limit=5000', 'class721=magic', 'overdue=maybe', 'area=x%27%3B', 'colour=red']) {
      expect((await t.app.inject(`/api/cases?${bad}`)).statusCode, bad).toBe(400)
    }
    expect((await t.app.inject('/api/cases?area=NOPE')).statusCode).toBe(404)
  })

  it('runs from the command line with a progress bar and a list of rejected rows', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cases-csv-'))
    const file = join(dir, 'feb.csv')
    writeFileSync(
      file,
      'source,external_id,category,title,lng,lat,created_at\n' +
        'app,CLI-0001,sanitation,垃圾,117.0746075,30.5094925,2023-02-01T08:00:00+08:00\n' +
        'app,CLI-0002,sanitation,垃圾,117.0746075,300,2023-02-01T09:00:00+08:00\n',
    )
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'geodata/import/cases-csv/cli.ts', file, '--rejects', join(dir, 'rejects.csv')], {
      env: { ...process.env, DATABASE_URL: target.url },
      encoding: 'utf8',
      timeout: 60_000,
    })
    expect(r.status, r.stderr).toBe(0)
    expect(r.stdout).toContain('2 rows, 1 loaded, 0 already stored, 1 rejected')
    expect(r.stdout).toMatch(/line 3: lat '300' must be a number from -90 to 90/)
    expect(r.stderr).toMatch(/importing .*100%/)
    const usage = spawnSync(process.execPath, ['--import', 'tsx', 'geodata/import/cases-csv/cli.ts'], { encoding: 'utf8', timeout: 60_000 })
    expect(usage.status).toBe(2)
    expect(usage.stderr).toContain('usage: npm run import:cases')
  })
})
