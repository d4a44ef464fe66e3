import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { ErrorResponse } from '../../lib/error-schema.ts'
import { badRequest, notFound } from '../../lib/errors.ts'
import { EXPORT_FORMATS } from '../../lib/export/formats.ts'
import { keysetPages } from '../../lib/export/pages.ts'
import { sendExport } from '../../lib/export/send.ts'
import { literalUnion } from '../../lib/literal-union.ts'
import { validationMessage } from '../../lib/validation-message.ts'
import { caseExportPage, caseSheetPage } from './export-queries.ts'
import { findArea } from './queries.ts'
import { CASE_EXPORT_LISTS, CaseExportQuery } from './schemas.ts'
import { windowOf } from './window.ts'

const ExportParams = Type.Object({ format: literalUnion(EXPORT_FORMATS) })

/** `a,b` and repeated `x=a&x=b` alike become ['a', 'b'] before the schema checks each code. */
function splitLists(query: Record<string, unknown>): void {
  for (const key of CASE_EXPORT_LISTS) {
    const v = query[key]
    if (v === undefined) continue
    query[key] = (Array.isArray(v) ? v : [v]).flatMap((s) => String(s).split(',')).filter((s) => s !== '')
  }
}

/**
 * 诉求清单导出: the cases a filter selects (area subtree, status, category, 721 class, source, time
 * window, overdue, and the workbench's building, priority, words and whistle), as GeoJSON, CSV or GeoPackage, with the codes' Chinese names and none of the
 * reporter's data or free text. Streamed by id pages like the layer exports.
 */
const caseExport: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/cases/export.:format',
    {
      config: { access: 'read_cases', rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: { params: ExportParams, querystring: CaseExportQuery, response: { 200: Type.Any(), 400: ErrorResponse, 404: ErrorResponse } },
      attachValidation: true,
      preValidation: async (request) => splitLists(request.query as Record<string, unknown>),
    },
    async (request, reply) => {
      const invalid = request.validationError
      if (invalid) {
        if (invalid.validationContext === 'querystring') {
          throw badRequest(validationMessage(invalid.validation, request.query as Record<string, unknown>), 'VALIDATION')
        }
        throw badRequest(`export format must be one of ${EXPORT_FORMATS.join(', ')}`, 'VALIDATION')
      }
      const q = request.query
      const now = new Date()
      const area = q.area === undefined ? null : await findArea(app.db.pool, q.area)
      if (q.area !== undefined && !area) throw notFound(`no area with id ${q.area}`)
      const selection = {
        area: area ? { level: area.level, id: area.id } : undefined,
        scope: request.scope(),
        statuses: q.status,
        categories: q.category,
        class721: q.class721,
        source: q.source,
        range: windowOf(q, now),
        overdue: q.overdue,
        buildingId: q.building,
        priorities: q.priority,
        q: q.q,
        whistle: q.whistle,
        now: now.toISOString(),
      }
      const sheet = q.layout === 'sheet'
      if (sheet && request.params.format !== 'csv') throw badRequest('layout=sheet is a CSV for people; GeoJSON and GeoPackage carry the data layout', 'VALIDATION')
      return sendExport(reply, {
        format: request.params.format,
        asciiName: area ? `cases-${area.id}` : 'cases',
        name: area ? `cases-${area.name}` : 'cases',
        layer: { table: 'cases', identifier: '群众诉求 Resident requests', description: 'Cases selected by the export filters, without reporter data or free text.', geometryType: 'POINT' },
        pages: (encoding) =>
          keysetPages((after, limit) => (sheet ? caseSheetPage(app.db.pool, selection, after, limit) : caseExportPage(app.db.pool, selection, after, limit, encoding)), encoding),
        geometryColumn: !sheet,
      })
    },
  )
}

export default caseExport
