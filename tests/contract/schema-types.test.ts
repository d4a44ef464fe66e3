/**
 * The request types handlers get are the Static<> of their route schemas. This file holds them to the
 * vocabulary at the type level (checked by `npm run typecheck`, which includes tests/) and at run time:
 * a schema built with `Type.Union(list.map(Type.Literal))` types its field as `string`, and one typed
 * `any` would let handlers pass anything on, so either makes the expectations below fail to compile.
 */
import type { Static, TSchema } from '@sinclair/typebox'
import { describe, expect, expectTypeOf, it } from 'vitest'
import * as vocab from '../../server/domain/vocabulary/index.ts'
import type {
  AreaLevel, CaseAction, CaseStatus, Class721, DepartmentCode, DispatchLevel, ResolvedLevel, InputCrs, Priority, Scenario, Source, StationKind, StationStatus,
  WhistleLevel, WindowName,
} from '../../server/domain/vocabulary/index.ts'
import { AreaParams, ListAreasQuery } from '../../server/plugins/areas/schemas.ts'
import { BuildingParams, ListBuildingsQuery } from '../../server/plugins/buildings/schemas.ts'
import {
  CaseExportQuery, CaseParams, EventsQuery, IntakeBody, ListQuery, NearbyQuery, QueueQuery, StatsQuery, TransitionBody,
} from '../../server/plugins/cases/schemas.ts'
import { PhotoParams, PhotoQuery } from '../../server/plugins/photos/schemas.ts'
import { DescribeBody, DescribeQuery, PlaceSearchQuery } from '../../server/plugins/places/schemas.ts'
import {
  CoverageQuery, GapsExportQuery, GapsQuery, IsochroneQuery, StationIsochroneQuery, StationParams, SuggestBody, WhatIfBody,
} from '../../server/plugins/coverage/schemas.ts'
import { CreateRequestBody, ListRequestsQuery, RequestParams } from '../../server/plugins/open311/schemas.ts'
import { ListStationsQuery } from '../../server/plugins/stations/schemas.ts'

type IsAny<T> = 0 extends 1 & T ? true : false
/** The keys of T whose type is `any` (never when there are none). */
type AnyKeys<T> = { [K in keyof T]-?: IsAny<T[K]> extends true ? K : never }[keyof T]
/** true when neither the whole Static<> nor any of its fields is `any`. */
type Typed<S extends TSchema> = IsAny<Static<S>> extends true ? false : [AnyKeys<Static<S>>] extends [never] ? true : false

/** Every route's params, query and body schema, by route. */
const requestSchemas = {
  'GET /api/areas query': ListAreasQuery,
  'GET /api/areas/:id params': AreaParams,
  'GET /api/buildings query': ListBuildingsQuery,
  'GET /api/buildings/:id params': BuildingParams,
  'GET /api/stations query': ListStationsQuery,
  'GET /api/coverage query': CoverageQuery,
  'GET /api/coverage/gaps query': GapsQuery,
  'GET /api/coverage/gaps.{csv,geojson} query': GapsExportQuery,
  'GET /api/isochrones query': IsochroneQuery,
  'GET /api/stations/:id/isochrone query': StationIsochroneQuery,
  'GET /api/stations/:id/isochrone params': StationParams,
  'POST /api/coverage/what-if body': WhatIfBody,
  'POST /api/coverage/suggest body': SuggestBody,
  'POST /api/cases body': IntakeBody,
  'GET /api/cases query': ListQuery,
  'GET /api/cases/stats query': StatsQuery,
  'GET /api/cases/export.{format} query': CaseExportQuery,
  'GET /api/cases/:id params': CaseParams,
  'POST /api/cases/:id/transitions body': TransitionBody,
  'GET /api/events query': EventsQuery,
  'GET /api/cases/queue query': QueueQuery,
  'GET /api/cases/nearby query': NearbyQuery,
  'GET /api/photos/:id params': PhotoParams,
  'GET /api/photos/:id query': PhotoQuery,
  'GET /api/places/search query': PlaceSearchQuery,
  'GET /api/places/describe query': DescribeQuery,
  'POST /api/places/describe body': DescribeBody,
  'POST /open311/v2/requests.json body': CreateRequestBody,
  'GET /open311/v2/requests.json query': ListRequestsQuery,
  'GET /open311/v2/requests/:id.json params': RequestParams,
}

describe('request schemas', () => {
  it('never type a request field as any', () => {
    expectTypeOf<{ [K in keyof typeof requestSchemas]: Typed<(typeof requestSchemas)[K]> }>().toEqualTypeOf<{
      [K in keyof typeof requestSchemas]: true
    }>()
    // The check itself can fail: a field typed any is caught.
    expectTypeOf<AnyKeys<{ a: string; b: any }>>().toEqualTypeOf<'b'>()
    expect(Object.keys(requestSchemas).length).toBeGreaterThan(20)
  })

  it('type every code-list field as the vocabulary union', () => {
    expectTypeOf<Static<typeof ListAreasQuery>['level']>().toEqualTypeOf<AreaLevel | undefined>()
    expectTypeOf<Static<typeof ListStationsQuery>['kind']>().toEqualTypeOf<StationKind | undefined>()
    expectTypeOf<Static<typeof ListStationsQuery>['status']>().toEqualTypeOf<StationStatus | undefined>()
    expectTypeOf<Static<typeof CoverageQuery>['scenario']>().toEqualTypeOf<Scenario>()
    expectTypeOf<Static<typeof GapsQuery>['scenario']>().toEqualTypeOf<Scenario>()
    expectTypeOf<Static<typeof GapsExportQuery>['scenario']>().toEqualTypeOf<Scenario>()
    expectTypeOf<Static<typeof IsochroneQuery>['scenario']>().toEqualTypeOf<Scenario>()
    expectTypeOf<Static<typeof CoverageQuery>['level']>().toEqualTypeOf<AreaLevel | undefined>()
    expectTypeOf<Static<typeof WhatIfBody>['scenario']>().toEqualTypeOf<Scenario>()
    expectTypeOf<Static<typeof WhatIfBody>['level']>().toEqualTypeOf<AreaLevel | undefined>()
    expectTypeOf<Static<typeof SuggestBody>['scenario']>().toEqualTypeOf<Scenario>()
    expectTypeOf<Static<typeof IntakeBody>['source']>().toEqualTypeOf<Source>()
    expectTypeOf<Static<typeof IntakeBody>['priority']>().toEqualTypeOf<Priority | undefined>()
    expectTypeOf<NonNullable<Static<typeof IntakeBody>['location']['crs']>>().toEqualTypeOf<InputCrs>()
    expectTypeOf<Static<typeof ListQuery>['class721']>().toEqualTypeOf<Class721 | undefined>()
    expectTypeOf<Static<typeof ListQuery>['sort']>().toEqualTypeOf<'created' | 'deadline' | 'updated' | 'priority' | undefined>()
    expectTypeOf<Static<typeof CaseExportQuery>['priority']>().toEqualTypeOf<Priority[] | undefined>()
    expectTypeOf<NonNullable<Static<typeof NearbyQuery>['crs']>>().toEqualTypeOf<InputCrs>()
    expectTypeOf<Static<typeof CaseExportQuery>['status']>().toEqualTypeOf<CaseStatus[] | undefined>()
    expectTypeOf<Static<typeof CaseExportQuery>['source']>().toEqualTypeOf<Source | undefined>()
    expectTypeOf<Static<typeof ListQuery>['source']>().toEqualTypeOf<Source | undefined>()
    expectTypeOf<Static<typeof ListQuery>['window']>().toEqualTypeOf<WindowName | undefined>()
    expectTypeOf<Static<typeof StatsQuery>['window']>().toEqualTypeOf<WindowName | undefined>()
    expectTypeOf<Static<typeof TransitionBody>['action']>().toEqualTypeOf<CaseAction>()
    type Escalate = Extract<Static<typeof TransitionBody>, { action: 'escalate' }>
    expectTypeOf<Escalate['department']>().toEqualTypeOf<DepartmentCode>()
    expectTypeOf<Escalate['fromLevel']>().toEqualTypeOf<WhistleLevel | undefined>()
    expectTypeOf<Extract<Static<typeof TransitionBody>, { action: 'resolve' }>['level']>().toEqualTypeOf<ResolvedLevel>()
    expectTypeOf<Extract<Static<typeof TransitionBody>, { action: 'dispatch' }>['level']>().toEqualTypeOf<DispatchLevel>()
  })

  it('validate code-list fields against the vocabulary tuples', () => {
    const enumOf = (s: TSchema) => (s as { enum?: unknown }).enum
    expect(enumOf(ListAreasQuery.properties.level)).toEqual([...vocab.AREA_LEVELS])
    expect(enumOf(ListStationsQuery.properties.kind)).toEqual([...vocab.STATION_KINDS])
    expect(enumOf(ListStationsQuery.properties.status)).toEqual([...vocab.STATION_STATUSES])
    expect(enumOf(CoverageQuery.properties.scenario)).toEqual([...vocab.SCENARIOS])
    expect(enumOf(IntakeBody.properties.source)).toEqual([...vocab.SOURCES])
    expect(enumOf(ListQuery.properties.class721)).toEqual([...vocab.CLASSES_721])
  })
})
