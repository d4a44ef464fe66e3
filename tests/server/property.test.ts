import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type pg from 'pg'
import { openTestApp, testDatabases, type TestApp } from '../helpers/databases.ts'
import { ensureAccount } from '../helpers/auth.ts'
import { drive, intakeBody, postCase } from '../fixtures/cases/api.ts'
import { companyFigures, REPEAT_DAYS, type CaseFacts, type CompoundFacts, type Figures } from '../../server/domain/property/figures.ts'
import { rankCompanies } from '../../server/domain/property/standing.ts'

/**
 * 红黑榜 over HTTP: cases posted into the compounds of one property company show up in its figures, and
 * every company's figures equal the reference maths (server/domain/property/figures.ts) run over the
 * compounds and cases read here with plain SQL, for the window the answer says it covers; a street
 * account's league is drawn on its street's compounds only. Places: residential buildings in managed
 * compounds numbered 29 of every 37 (other files use 0, 7 and 19).
 */
interface Spot { lng: number; lat: number; buildingId: string; compoundId: string; gridId: string; streetId: string }

/** Compounds (in a street, or all) and the cases located in them, as the reference maths takes them. */
async function reference(pool: pg.Pool, window: { from: string; to: string }, streetId: string | null) {
  const compounds: CompoundFacts[] = (
    await pool.query(
      `SELECT cp.id, cp.property_company_id AS "companyId", coalesce(sum(b.households), 0)::int AS households
       FROM compounds cp JOIN areas cm ON cm.id = cp.community_id LEFT JOIN buildings b ON b.compound_id = cp.id
       WHERE cp.property_company_id IS NOT NULL AND ($1::text IS NULL OR cm.parent_id = $1)
       GROUP BY cp.id`,
      [streetId],
    )
  ).rows
  const ms = (d: Date | null) => (d === null ? null : d.getTime())
  const cases: CaseFacts[] = (
    await pool.query(
      `SELECT c.id, c.compound_id, c.building_id, c.category, c.created_at, c.started_at, c.resolved_at, c.evaluated_at, c.satisfaction, c.reopen_count
       FROM cases c WHERE c.compound_id = ANY($1::text[]) AND c.created_at >= $2 AND c.created_at < $3`,
      [compounds.map((c) => c.id), new Date(Date.parse(window.from) - REPEAT_DAYS * 86_400_000), window.to],
    )
  ).rows.map((r) => ({
    id: Number(r.id), compoundId: r.compound_id, buildingId: r.building_id, category: r.category, createdAt: r.created_at.getTime(),
    startedAt: ms(r.started_at), resolvedAt: ms(r.resolved_at), evaluatedAt: ms(r.evaluated_at), satisfaction: r.satisfaction, reopenCount: r.reopen_count,
  }))
  return { compounds, figures: companyFigures(compounds, cases, { from: Date.parse(window.from), to: Date.parse(window.to) }) }
}

const FIGURE_KEYS = ['compounds', 'households', 'complaints', 'propertyComplaints', 'per1000', 'propertyPer1000', 'started', 'responseHours', 'resolved', 'settleHours', 'rated', 'satisfaction', 'repeats', 'repeatShare'] as const

function expectFigures(actual: Record<string, unknown>, expected: Figures, who: string) {
  for (const k of FIGURE_KEYS) {
    const e = expected[k]
    if (e === null || Number.isInteger(e)) expect(actual[k], `${who}.${k}`).toBe(e)
    else expect(actual[k] as number, `${who}.${k}`).toBeCloseTo(e, 6)
  }
}

describe.each(testDatabases())('红黑榜 on the $name database', (target) => {
  let t: TestApp
  let company: string
  let spots: Spot[]
  /** One building in the compounds of each of three other companies, so that a league has several ranked. */
  let others: Spot[]
  let streetCookie: string
  const get = async (url: string, cookie?: string) => {
    const res = cookie ? await t.raw({ method: 'GET', url, headers: { cookie } }) : await t.app.inject(url)
    if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body}`)
    return res.json()
  }
  const post = async (s: Spot, category: string) => {
    const res = await postCase(t.app, intakeBody({ lng: s.lng, lat: s.lat }, { category }))
    if (res.statusCode !== 201) throw new Error(`intake: ${res.statusCode} ${res.body}`)
    const c = res.json()
    expect(c.compoundId).toBe(s.compoundId)
    return c.id as number
  }

  beforeAll(async () => {
    t = await openTestApp(target)
    // The company whose compounds span the most streets, so that a street's view of it is a part of it.
    company = (
      await t.db.pool.query(
        `SELECT cp.property_company_id AS id FROM compounds cp JOIN areas cm ON cm.id = cp.community_id
         WHERE cp.property_company_id IS NOT NULL GROUP BY 1 ORDER BY count(DISTINCT cm.parent_id) DESC, count(*) DESC, 1 LIMIT 1`,
      )
    ).rows[0].id
    spots = (
      await t.db.pool.query(
        `WITH ranked AS (SELECT b.*, row_number() OVER (ORDER BY b.id) AS n FROM buildings b WHERE b.kind = 'residential')
         SELECT ST_X(ST_PointOnSurface(b.footprint)) AS lng, ST_Y(ST_PointOnSurface(b.footprint)) AS lat, b.id AS "buildingId",
                b.compound_id AS "compoundId", b.grid_id AS "gridId", cm.parent_id AS "streetId"
         FROM ranked b JOIN compounds cp ON cp.id = b.compound_id JOIN areas cm ON cm.id = cp.community_id
         WHERE cp.property_company_id = $1 AND b.n % 37 = 29 ORDER BY b.n LIMIT 2`,
        [company],
      )
    ).rows
    if (spots.length < 2) {
      spots = (
        await t.db.pool.query(
          `SELECT ST_X(ST_PointOnSurface(b.footprint)) AS lng, ST_Y(ST_PointOnSurface(b.footprint)) AS lat, b.id AS "buildingId",
                  b.compound_id AS "compoundId", b.grid_id AS "gridId", cm.parent_id AS "streetId"
           FROM buildings b JOIN compounds cp ON cp.id = b.compound_id JOIN areas cm ON cm.id = cp.community_id
           WHERE cp.property_company_id = $1 AND b.kind = 'residential' ORDER BY b.id DESC LIMIT 2`,
          [company],
        )
      ).rows
    }
    expect(spots).toHaveLength(2)
    others = (
      await t.db.pool.query(
        `SELECT DISTINCT ON (cp.property_company_id) ST_X(ST_PointOnSurface(b.footprint)) AS lng, ST_Y(ST_PointOnSurface(b.footprint)) AS lat,
                b.id AS "buildingId", b.compound_id AS "compoundId", b.grid_id AS "gridId", cm.parent_id AS "streetId"
         FROM buildings b JOIN compounds cp ON cp.id = b.compound_id JOIN areas cm ON cm.id = cp.community_id
         WHERE cp.property_company_id <> $1 AND b.kind = 'residential' AND cm.parent_id = $2
         ORDER BY cp.property_company_id, b.id DESC LIMIT 3`,
        [company, spots[0].streetId],
      )
    ).rows
    expect(others).toHaveLength(3)
    const street = await ensureAccount(t.db.pool, { username: `wy-street-${target.name}`, role: 'street_operator', areaId: spots[0].streetId })
    streetCookie = await t.signIn(street.username, street.password)
  })
  afterAll(async () => {
    await t?.close()
  })

  it('counts cases posted into a company’s compounds, and every company’s figures match the reference maths', async () => {
    const [a, b] = spots
    const first = await post(a, 'water_supply')
    const again = await post(a, 'water_supply') // same building and category: a repeat complaint
    const other = await post(b, 'property_service')
    await drive(t.app, first, [
      { action: 'dispatch', level: 'grid', to: a.gridId },
      { action: 'start', note: '物业已到场' },
      { action: 'resolve', level: 'compound', note: '更换阀门' },
      { action: 'evaluate', satisfaction: 4 },
    ])
    await drive(t.app, other, [{ action: 'dispatch', level: 'grid', to: b.gridId }, { action: 'start' }])
    // Three, four and five cases at three other companies, the first of each settled: enough to rank them.
    for (const [i, s] of others.entries()) {
      const ids = []
      for (let n = 0; n < 3 + i; n++) ids.push(await post(s, n % 2 ? 'noise' : 'parking'))
      await drive(t.app, ids[0], [
        { action: 'dispatch', level: 'grid', to: s.gridId },
        { action: 'start' },
        { action: 'resolve', level: 'building' },
        { action: 'evaluate', satisfaction: 5 - i },
      ])
    }

    const league = await get('/api/property-companies')
    expect(league.window.name).toBe('30d')
    expect(Date.parse(league.window.to) - Date.parse(league.window.from)).toBe(30 * 86_400_000)
    expect(league.asOf).toBe(league.window.to)

    const mine = league.companies.find((c: any) => c.id === company)
    expect(mine.complaints).toBeGreaterThanOrEqual(3)
    expect(mine.repeats).toBeGreaterThanOrEqual(1)
    expect(mine.started).toBeGreaterThanOrEqual(2)
    expect(mine.rated).toBeGreaterThanOrEqual(1)
    // The same count straight from the cases table.
    const direct = await t.db.pool.query(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE c.category = 'property_service')::int AS p FROM cases c JOIN compounds cp ON cp.id = c.compound_id
       WHERE cp.property_company_id = $1 AND c.created_at >= $2 AND c.created_at < $3`,
      [company, league.window.from, league.window.to],
    )
    expect(mine.complaints).toBe(direct.rows[0].n)
    expect(mine.propertyComplaints).toBeGreaterThanOrEqual(direct.rows[0].p)

    const ref = await reference(t.db.pool, league.window, null)
    expect(league.companies.map((c: any) => c.id).sort()).toEqual([...ref.figures.keys()].sort())
    for (const c of league.companies) expectFigures(c, ref.figures.get(c.id)!, c.id)
    const ranking = rankCompanies(ref.figures, { top: 5 })
    expect(ranking.ranked.length).toBeGreaterThanOrEqual(4)
    expect(league.red.length).toBeGreaterThanOrEqual(2)
    expect(league.companies.map((c: any) => c.id)).toEqual([...ranking.ranked, ...ranking.unranked].map((s) => s.companyId))
    expect(league.red.map((c: any) => c.id)).toEqual(ranking.red)
    expect(league.black.map((c: any) => c.id)).toEqual(ranking.black)
    for (const c of league.companies) expect(c.name).toMatch(/物业/)
  })

  it('shows a company’s card with its compounds, their figures adding up, and its latest cases with nothing personal', async () => {
    const id = await post(spots[1], 'elevator')
    const card = await get(`/api/property-companies/${company}?window=7d&latest=50`)
    expect(card.window.name).toBe('7d')
    const { rows } = await t.db.pool.query('SELECT id FROM compounds WHERE property_company_id = $1 ORDER BY id', [company])
    expect(card.compounds.map((c: any) => c.id).sort()).toEqual(rows.map((r) => r.id).sort())
    const sum = (k: string) => card.compounds.reduce((s: number, c: any) => s + c[k], 0)
    expect([sum('complaints'), sum('households'), sum('repeats'), sum('started')]).toEqual([card.company.complaints, card.company.households, card.company.repeats, card.company.started])
    expect(card.company).toMatchObject({ id: company, name: expect.stringMatching(/物业/) })
    const latest = card.latest.find((c: any) => c.id === id)
    expect(latest).toMatchObject({ category: 'elevator', categoryName: '电梯故障', compoundId: spots[1].compoundId, status: 'received' })
    expect(card.latest.length).toBe(Math.min(50, card.company.complaints))
    const text = JSON.stringify(card)
    expect(text).not.toContain('李小龙')
    expect(text).not.toContain('13812345678')
    expect(text).not.toContain('楼道水管破裂')
  })

  it('answers 404 for an unknown company, 400 for an unknown window, 401 without a session', async () => {
    const missing = await t.app.inject('/api/property-companies/WY999999')
    expect(missing.statusCode).toBe(404)
    expect(missing.json()).toMatchObject({ code: 'NOT_FOUND' })
    const bad = await t.app.inject('/api/property-companies?window=1y')
    expect(bad.statusCode).toBe(400)
    expect(bad.json()).toMatchObject({ code: 'VALIDATION' })
    expect((await t.raw('/api/property-companies')).statusCode).toBe(401)
  })

  it('ranks a street account’s league on its own street’s compounds only', async () => {
    const street = spots[0].streetId
    const league = await get('/api/property-companies', streetCookie)
    const ref = await reference(t.db.pool, league.window, street)
    expect(league.companies.map((c: any) => c.id).sort()).toEqual([...ref.figures.keys()].sort())
    for (const c of league.companies) expectFigures(c, ref.figures.get(c.id)!, c.id)
    const ranking = rankCompanies(ref.figures, { top: 5 })
    expect(league.companies.map((c: any) => [c.id, c.rank, c.list])).toEqual(
      [...ranking.ranked, ...ranking.unranked].map((s) => [s.companyId, s.rank, s.list]),
    )
    const all = await get('/api/property-companies')
    const whole = all.companies.find((c: any) => c.id === company)
    const part = league.companies.find((c: any) => c.id === company)
    expect(part.compounds).toBeLessThan(whole.compounds)

    const card = await get(`/api/property-companies/${company}`, streetCookie)
    expect(card.compounds.map((c: any) => c.id).sort()).toEqual(ref.compounds.filter((c) => c.companyId === company).map((c) => c.id).sort())
    const elsewhere = (
      await t.db.pool.query(
        `SELECT p.id FROM property_companies p WHERE NOT EXISTS (
           SELECT 1 FROM compounds cp JOIN areas cm ON cm.id = cp.community_id WHERE cp.property_company_id = p.id AND cm.parent_id = $1)
         ORDER BY p.id LIMIT 1`,
        [street],
      )
    ).rows[0]?.id
    expect(elsewhere, 'a company with no compound in this street').toBeDefined()
    const res = await t.raw({ method: 'GET', url: `/api/property-companies/${elsewhere}`, headers: { cookie: streetCookie } })
    expect(res.statusCode).toBe(403)
    expect(res.json()).toMatchObject({ code: 'OUT_OF_SCOPE' })

    const map = await get('/api/property-companies/compounds', streetCookie)
    const inStreet = await t.db.pool.query('SELECT cp.id FROM compounds cp JOIN areas cm ON cm.id = cp.community_id WHERE cm.parent_id = $1 ORDER BY cp.id', [street])
    expect(map.features.map((f: any) => f.id)).toEqual(inStreet.rows.map((r) => r.id))
    for (const f of map.features) {
      const c = league.companies.find((x: any) => x.id === f.properties.companyId)
      expect(f.properties).toMatchObject({ list: c?.list ?? null, rank: c?.rank ?? null })
      expect(f.geometry.type).toMatch(/Polygon/)
    }
  })
})
