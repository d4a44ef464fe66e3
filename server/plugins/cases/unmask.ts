import { Type } from '@sinclair/typebox'
import type pg from 'pg'
import { notFound } from '../../lib/errors.ts'
import { writeAudit } from '../auth/queries.ts'
import { inTransaction } from '../../db/transaction.ts'

export const UnmaskBody = Type.Object(
  { reason: Type.String({ minLength: 2, maxLength: 200, description: '查看理由, e.g. 回访核实 (calling the resident back)' }) },
  { additionalProperties: false },
)
export const Reporter = Type.Object({
  caseId: Type.Integer(),
  name: Type.Union([Type.String(), Type.Null()]),
  phone: Type.Union([Type.String(), Type.Null()]),
  address: Type.Union([Type.String(), Type.Null()]),
})

/** The reporter in full; the audit row is written in the same transaction, so no reveal goes unrecorded. */
export async function revealReporter(pool: pg.Pool, caseId: number, actor: string, reason: string, ip: string) {
  return inTransaction(pool, async (client) => {
    const { rows } = await client.query<{ name: string | null; phone: string | null; address: string | null }>(
      'SELECT reporter_name AS name, reporter_phone AS phone, address FROM cases WHERE id = $1',
      [caseId],
    )
    if (!rows[0]) throw notFound(`no case with id ${caseId}`)
    await writeAudit(client, { actor, action: 'unmask', target: `case:${caseId}`, reason, ip })
    return { caseId, ...rows[0] }
  })
}
