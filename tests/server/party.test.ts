import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type pg from 'pg'
import { openTestApp, testDatabases, type TestApp } from '../helpers/databases.ts'
import { DEMO_PASSWORD } from '../helpers/auth.ts'
import { until } from '../helpers/until.ts'
import { intakeBody, postCase } from '../fixtures/cases/api.ts'
import { DEMO_KIOSK_KEY } from '../../server/plugins/auth/bootstrap.ts'
import { maskName, maskPhone } from '../../server/lib/mask.ts'

/**
 * 组织进楼 over HTTP on the demo district: the org tree's shape and counts against recursive SQL, the
 * 中心户 layer against plain counts, cases near 中心户 against an independent distance query, scope
 * (a community account sees its own community only), masking of names and phones, and bad input.
 * Places: the 中心户 building numbered 41 of every 43 (other files use 0, 7, 19, 29 and 37 of theirs).
 */

interface Counts { groups: number; households: number }

/** Per org: building groups and 中心户 in its subtree, by a recursive walk of party_orgs. */
async function subtreeCounts(pool: pg.Pool): Promise<Map<string, Counts>> {
  const { rows } = await pool.query<{ id: string; groups: number; households: number }>(
    `WITH RECURSIVE down AS (
       SELECT id AS top, id FROM party_orgs
       UNION ALL
       SELECT down.top, o.id FROM down JOIN party_orgs o ON o.parent_id = down.id
     ), hh AS (SELECT org_id, count(*) AS n FROM party_households GROUP BY org_id)
     SELECT d.top AS id,
            count(*) FILTER (WHERE o.kind = 'building_group')::int AS groups,
            coalesce(sum(hh.n), 0)::int AS households
     FROM down d JOIN party_orgs o ON o.id = d.id LEFT JOIN hh ON hh.org_id = d.id GROUP BY d.top`,
  )
  return new Map(rows.map((r) => [r.id, { groups: r.groups, households: r.households }]))
}

/** Open and recent cases of an area and how many lie within `radius` m of a 中心户 building, by plain distance. */
async function nearReference(pool: pg.Pool, areaId: string, since: Date, radius: number) {
  const { rows } = await pool.query(
    `WITH x AS (
       SELECT c.status IN ('received', 'dispatched', 'handling') AS open, c.created_at >= $2 AS recent,
              EXISTS (SELECT 1 FROM buildings b WHERE b.id IN (SELECT building_id FROM party_households)
                      AND ST_Distance(b.footprint::geography, c.geom::geography) <= $3) AS near
       FROM cases c WHERE $1 IN (c.district_id, c.street_id, c.community_id, c.grid_id)
     )
     SELECT count(*) FILTER (WHERE open)::int AS open_total, count(*) FILTER (WHERE open AND near)::int AS open_near,
            count(*) FILTER (WHERE recent)::int AS recent_total, count(*) FILTER (WHERE recent AND near)::int AS recent_near
     FROM x`,
    [areaId, since, radius],
  )
  return rows[0] as { open_total: number; open_near: number; recent_total: number; recent_near: number }
}

describe.each(testDatabases())('party organisation on the $name database', (target) => {
  let t: TestApp
  let district: string
  let own: { community: string; grid: string; street: string }
  let otherCommunity: string
  let communityCookie: string
  /** A building with 中心户 in the demo community account's grid. */
  let spot: { id: string; gridId: string; lng: number; lat: number }
  const get = async (url: string, headers?: Record<string, string>) => {
    const res = headers ? await t.raw({ method: 'GET', url, headers }) : await t.app.inject(url)
    return res
  }
  const ok = async (url: string, headers?: Record<string, string>) => {
    const res = await get(url, headers)
    if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body}`)
    return res.json()
  }

  beforeAll(async () => {
    t = await openTestApp(target)
    const q = (sql: string, p: unknown[] = []) => t.db.pool.query(sql, p).then((r) => r.rows)
    district = (await q("SELECT id FROM areas WHERE level = 'district'"))[0].id
    const [acct] = await q("SELECT a.area_id FROM accounts a WHERE a.username = 'community'")
    const [c] = await q('SELECT id, parent_id FROM areas WHERE id = $1', [acct.area_id])
    const [g] = await q(
      `SELECT b.grid_id FROM party_households h JOIN buildings b ON b.id = h.building_id JOIN areas g ON g.id = b.grid_id
       WHERE g.parent_id = $1 GROUP BY b.grid_id ORDER BY count(*) DESC, b.grid_id LIMIT 1`,
      [c.id],
    )
    own = { community: c.id, grid: g.grid_id, street: c.parent_id }
    otherCommunity = (await q("SELECT id FROM areas WHERE level = 'community' AND id <> $1 ORDER BY code DESC LIMIT 1", [c.id]))[0].id
    const spots = await q(
      `WITH hb AS (SELECT b.*, row_number() OVER (ORDER BY b.id) AS n FROM buildings b
                   WHERE b.grid_id = $1 AND EXISTS (SELECT 1 FROM party_households h WHERE h.building_id = b.id))
       SELECT id, grid_id AS "gridId", ST_X(ST_PointOnSurface(footprint)) AS lng, ST_Y(ST_PointOnSurface(footprint)) AS lat
       FROM hb ORDER BY (n % 43 = 41) DESC, n LIMIT 1`,
      [own.grid],
    )
    spot = spots[0]
    communityCookie = await t.signIn('community', DEMO_PASSWORD)
  })
  afterAll(async () => {
    await t?.close()
  })

  it('gives the whole district’s org tree with subtree counts equal to a recursive SQL walk', async () => {
    const tree = await ok(`/api/party/orgs?area=${district}&depth=5`)
    const all = await t.db.pool.query('SELECT id, parent_id, kind, members FROM party_orgs')
    const expected = await subtreeCounts(t.db.pool)
    expect(tree.nodes).toHaveLength(all.rows.length)
    const childCount = new Map<string, number>()
    for (const r of all.rows) if (r.parent_id) childCount.set(r.parent_id, (childCount.get(r.parent_id) ?? 0) + 1)
    const depthOf = new Map<string, number>()
    for (const n of tree.nodes) {
      const e = expected.get(n.id)!
      expect({ id: n.id, groups: n.groups, households: n.households }).toEqual({ id: n.id, ...e })
      // Parents come before their children, one level deeper.
      if (n.parentId === null) expect(n.depth).toBe(0)
      else expect(n.depth).toBe(depthOf.get(n.parentId)! + 1)
      depthOf.set(n.id, n.depth)
      expect(n.childCount).toBe(childCount.get(n.id) ?? 0)
    }
    const total = await t.db.pool.query("SELECT (SELECT count(*) FROM party_households)::int AS h, (SELECT count(*) FROM party_orgs WHERE kind = 'building_group')::int AS g")
    expect(tree.totals.households).toBe(total.rows[0].h)
    expect(tree.totals.groups).toBe(total.rows[0].g)
    expect(tree.nodes[0]).toMatchObject({ kind: 'district_committee', kindName: '区委', depth: 0 })
    // At depth 5 every group is in, with its 中心户 one level below.
    expect(tree.households).toHaveLength(total.rows[0].h)
  })

  it('cuts the tree at the asked depth and keeps the counts of what lies below', async () => {
    const tree = await ok(`/api/party/orgs?area=${district}`)
    expect(tree.depth).toBe(3)
    const kinds = new Set(tree.nodes.map((n: { kind: string }) => n.kind))
    expect([...kinds].sort()).toEqual(['community_committee', 'district_committee', 'grid_branch', 'street_working_committee'])
    const n = await t.db.pool.query("SELECT count(*)::int AS n FROM party_orgs WHERE kind <> 'building_group'")
    expect(tree.nodes).toHaveLength(n.rows[0].n)
    expect(tree.households).toEqual([])
    const expected = await subtreeCounts(t.db.pool)
    for (const node of tree.nodes.filter((x: { kind: string }) => x.kind === 'grid_branch')) expect(node.groups).toBe(expected.get(node.id)!.groups)
  })

  it('lists a grid’s 中心户 under their groups with names and phones masked', async () => {
    const tree = await ok(`/api/party/orgs?area=${own.grid}`)
    expect(tree.nodes[0]).toMatchObject({ kind: 'grid_branch', depth: 0, areaId: own.grid })
    const raw = await t.db.pool.query(
      `SELECT h.id, h.org_id, h.householder, h.phone FROM party_households h JOIN buildings b ON b.id = h.building_id WHERE b.grid_id = $1 ORDER BY h.id`,
      [own.grid],
    )
    expect(raw.rowCount).toBeGreaterThan(0)
    expect(tree.households.map((h: { id: string }) => h.id)).toEqual(raw.rows.map((r) => r.id))
    for (const [i, h] of tree.households.entries()) {
      const r = raw.rows[i]
      expect(h.householder).toBe(maskName(r.householder))
      expect(h.householder).not.toBe(r.householder)
      expect(h.phone).toBe(maskPhone(r.phone))
      expect(tree.nodes.some((n: { id: string }) => n.id === h.orgId)).toBe(true)
    }
    const [sec] = (await t.db.pool.query("SELECT secretary FROM party_orgs WHERE area_id = $1 AND kind = 'grid_branch'", [own.grid])).rows
    expect(tree.nodes[0].secretary).toBe(maskName(sec.secretary))
    expect(JSON.stringify(tree)).not.toContain(sec.secretary)
  })

  it('gives a kiosk key the tree without any names or phones', async () => {
    const kiosk = { authorization: `Bearer ${DEMO_KIOSK_KEY}` }
    const tree = await ok(`/api/party/orgs?area=${own.grid}`, kiosk)
    expect(tree.households.length).toBeGreaterThan(0)
    expect(tree.households.every((h: { householder: unknown; phone: unknown }) => h.householder === null && h.phone === null)).toBe(true)
    expect(tree.nodes.every((n: { secretary: unknown }) => n.secretary === null)).toBe(true)
  })

  it('draws 中心户 buildings with their counts, group and branch, and no personal data', async () => {
    const map = await ok(`/api/party/households?area=${own.community}`)
    const { rows } = await t.db.pool.query(
      `SELECT h.building_id, count(*)::int AS n, min(o.id) AS group_id, min(o.parent_id) AS branch_id
       FROM party_households h JOIN buildings b ON b.id = h.building_id JOIN areas g ON g.id = b.grid_id
       LEFT JOIN party_orgs o ON o.building_id = b.id AND o.kind = 'building_group'
       WHERE g.parent_id = $1 GROUP BY h.building_id ORDER BY h.building_id`,
      [own.community],
    )
    expect(map.features.map((f: { id: string }) => f.id)).toEqual(rows.map((r) => r.building_id))
    for (const [i, f] of map.features.entries()) {
      expect(f.geometry.type).toBe('Point')
      expect(Object.keys(f.properties).sort()).toEqual(['branchId', 'branchName', 'floors', 'gridId', 'groupId', 'groupName', 'households', 'id', 'name'])
      expect(f.properties).toMatchObject({ households: rows[i].n, groupId: rows[i].group_id, branchId: rows[i].branch_id })
    }
  })

  it('keeps a community account to its own community: its own by default, 403 outside', async () => {
    const headers = { cookie: communityCookie }
    expect((await ok('/api/party/orgs', headers)).area.id).toBe(own.community)
    expect((await ok(`/api/party/households?area=${own.grid}`, headers)).features.length).toBeGreaterThan(0)
    for (const url of [`/api/party/orgs?area=${otherCommunity}`, `/api/party/orgs?area=${district}`, `/api/party/households?area=${own.street}`, `/api/party/cases-near?area=${otherCommunity}`]) {
      const res = await get(url, headers)
      expect(res.statusCode, url).toBe(403)
      expect(res.json().code).toBe('OUT_OF_SCOPE')
    }
    const far = (await t.db.pool.query("SELECT b.id FROM buildings b JOIN areas g ON g.id = b.grid_id WHERE g.parent_id = $1 LIMIT 1", [otherCommunity])).rows[0].id
    expect((await get(`/api/party/buildings/${far}/cases-near`, headers)).statusCode).toBe(403)
    expect((await get(`/api/party/buildings/${spot.id}/cases-near`, headers)).statusCode).toBe(200)
    expect((await t.raw({ method: 'GET', url: '/api/party/orgs' })).statusCode).toBe(401)
  })

  it('answers bad input with a 400 and unknown places with a 404', async () => {
    for (const url of ['/api/party/orgs?depth=9', '/api/party/orgs?area=a%20b', '/api/party/orgs?extra=1', '/api/party/cases-near?radius=5', '/api/party/cases-near?radius=abc', '/api/party/cases-near?limit=0', '/api/party/buildings/x%3By/cases-near']) {
      const res = await get(url)
      expect(res.statusCode, url).toBe(400)
      expect(res.json()).toMatchObject({ error: 'Bad Request', code: expect.any(String), message: expect.any(String) })
    }
    expect((await get('/api/party/orgs?area=NOPE')).statusCode).toBe(404)
    expect((await get('/api/party/buildings/NOPE/cases-near')).statusCode).toBe(404)
  })

  it('counts open and recent cases near 中心户 as a plain distance query does, and offers the nearest 中心户', async () => {
    const res = await postCase(t.app, intakeBody({ lng: spot.lng, lat: spot.lat }, { priority: 'urgent', title: '中心户楼下测试' }))
    expect(res.statusCode).toBe(201)
    const caseId = res.json().id as number
    for (const area of [own.street, own.community]) {
      // Other files post cases meanwhile: compare when the reference stood still around the answer.
      let answer: any
      let ref: Awaited<ReturnType<typeof nearReference>> | undefined
      await until(async () => {
        const before = await nearReference(t.db.pool, area, new Date(Date.now() - 30 * 86_400_000 + 60_000), 100)
        answer = await ok(`/api/party/cases-near?area=${area}&limit=200`)
        const since = new Date(Date.parse(answer.asOf) - 30 * 86_400_000)
        ref = await nearReference(t.db.pool, area, since, 100)
        return JSON.stringify(before) === JSON.stringify(ref)
      }, 'a quiet moment to compare counts', 30_000)
      expect(answer.open).toEqual({ near: ref!.open_near, total: ref!.open_total, share: ref!.open_total ? ref!.open_near / ref!.open_total : null })
      expect(answer.recent).toEqual({ near: ref!.recent_near, total: ref!.recent_total, share: ref!.recent_total ? ref!.recent_near / ref!.recent_total : null })
      expect(answer.open.near).toBeGreaterThan(0)
      expect(answer.radiusM).toBe(100)
      if (!answer.truncated) expect(answer.cases).toHaveLength(answer.open.near)
      const mine = answer.cases.find((c: { id: number }) => c.id === caseId)
      expect(mine, `case ${caseId} in ${area}`).toBeDefined()
      expect(mine.helpers[0]).toMatchObject({ buildingId: spot.id, distanceM: 0 })
      expect(mine.helpers[0].households.length).toBeGreaterThan(0)
      expect(mine.helpers.length).toBeLessThanOrEqual(3)
      for (const c of answer.cases) for (const h of c.helpers) expect(h.distanceM).toBeLessThanOrEqual(100)
    }
    const card = await ok(`/api/party/buildings/${spot.id}/cases-near`)
    const listed = card.cases.find((c: { id: number }) => c.id === caseId)
    expect(listed).toMatchObject({ open: true, distanceM: 0, priority: 'urgent' })
    const direct = await t.db.pool.query(
      `SELECT count(*)::int AS n FROM cases c, buildings b WHERE b.id = $1
       AND ST_Distance(b.footprint::geography, c.geom::geography) <= 100 AND (c.status IN ('received', 'dispatched', 'handling') OR c.created_at >= $2)`,
      [spot.id, new Date(Date.parse(card.asOf) - 30 * 86_400_000)],
    )
    expect(card.cases.length).toBeLessThanOrEqual(direct.rows[0].n) // others may have posted after the answer
    expect(card.cases.length).toBeGreaterThan(0)
  })
})
