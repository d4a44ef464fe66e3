/**
 * Response types are the Static<> of the response schemas, and the web reads them from there. Where the
 * pure engine or domain builds a response row with its own type, that type must equal the schema's, so
 * neither can change without the other (checked by `npm run typecheck`).
 */
import { describe, expect, expectTypeOf, it } from 'vitest'
import type { AreaCoverage as EngineAreaCoverage } from '../../server/engine/types.ts'
import type { CaseView as DomainCaseView } from '../../server/domain/cases/view.ts'
import type { AreaCoverageT } from '../../server/plugins/coverage/schemas.ts'
import type { CaseViewT } from '../../server/plugins/cases/schemas.ts'
import { CaseView } from '../../server/plugins/cases/schemas.ts'
import type { AreaCoverage as WebAreaCoverage, AreaProps, StationProps } from '../../web/src/api/types.ts'
import type { CaseView as WebCaseView } from '../../web/src/api/case-types.ts'
import type { AreaSummaryT } from '../../server/plugins/areas/schemas.ts'
import type { StationPropsT } from '../../server/plugins/stations/schemas.ts'
import { CASE_STATUSES, SOURCES } from '../../server/domain/vocabulary/index.ts'
import type { Static } from '@sinclair/typebox'
import type { CaseDetail, DaysResponse, NearbyCase, QueueCounts, StatsResponse } from '../../server/plugins/cases/schemas.ts'
import type { CasePhoto } from '../../server/plugins/photos/schemas.ts'
import type { PlaceHit } from '../../server/plugins/places/schemas.ts'
import type {
  CaseDays as WebCaseDays, CaseTrend as WebCaseTrend, CaseDetail as WebCaseDetail, CasePhoto as WebCasePhoto, CaseQueueCounts as WebQueueCounts, NearbyCase as WebNearbyCase, PlaceHit as WebPlaceHit,
} from '../../web/src/api/case-types.ts'

/** Mutually assignable: the same shape, however TypeBox spells it (an intersection for allOf). */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false

describe('response types', () => {
  it('are one type from the engine and domain to the web', () => {
    expectTypeOf<Same<EngineAreaCoverage, Omit<AreaCoverageT, 'delta'>>>().toEqualTypeOf<true>()
    expectTypeOf<Same<{ a: 1 }, { a: 2 }>>().toEqualTypeOf<false>()
    expectTypeOf<WebAreaCoverage>().toEqualTypeOf<AreaCoverageT>()
    expectTypeOf<DomainCaseView>().toEqualTypeOf<CaseViewT>()
    expectTypeOf<WebCaseView>().toEqualTypeOf<CaseViewT>()
    expectTypeOf<AreaProps>().toEqualTypeOf<AreaSummaryT>()
    expectTypeOf<StationProps>().toEqualTypeOf<StationPropsT>()
  })

  it('of the case loop in the browser are the web contract (case-types.ts), field for field', () => {
    expectTypeOf<Same<WebCaseDetail, Static<typeof CaseDetail>>>().toEqualTypeOf<true>()
    expectTypeOf<Same<WebNearbyCase, Static<typeof NearbyCase>>>().toEqualTypeOf<true>()
    expectTypeOf<Same<WebQueueCounts, Static<typeof QueueCounts>>>().toEqualTypeOf<true>()
    expectTypeOf<Same<WebCasePhoto, Static<typeof CasePhoto>>>().toEqualTypeOf<true>()
    expectTypeOf<Same<WebPlaceHit, Static<typeof PlaceHit>>>().toEqualTypeOf<true>()
    expectTypeOf<Same<WebCaseDays, Static<typeof DaysResponse>>>().toEqualTypeOf<true>()
    expectTypeOf<Same<WebCaseTrend, Static<typeof StatsResponse>['trend']>>().toEqualTypeOf<true>()
    // The check can fail: a field missing on one side is caught.
    expectTypeOf<Same<Omit<WebCaseDetail, 'holder'>, Static<typeof CaseDetail>>>().toEqualTypeOf<false>()
  })

  it('carry codes as the vocabulary lists them', () => {
    expect(CaseView.properties.status.enum).toEqual([...CASE_STATUSES])
    expect(CaseView.properties.source.enum).toEqual([...SOURCES])
  })
})
