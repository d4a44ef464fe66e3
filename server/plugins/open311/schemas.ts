import { Type, type Static } from '@sinclair/typebox'
import { CATEGORY_CODES } from '../../domain/cases/taxonomy.ts'
import { literalUnion } from '../../lib/literal-union.ts'

/** GeoReport v2 error body: a list of {code, description}. */
export const Open311Error = Type.Array(Type.Object({ code: Type.Integer(), description: Type.String() }))

export const Service = Type.Object({
  service_code: Type.String(),
  service_name: Type.String(),
  description: Type.String(),
  metadata: Type.Boolean(),
  type: Type.String(),
  keywords: Type.String(),
  group: Type.String(),
})

export const ServiceDefinition = Type.Object({
  service_code: Type.String(),
  attributes: Type.Array(Type.Any()),
})

const Text = (maxLength: number) => Type.Optional(Type.String({ maxLength }))

/** POST requests.json fields (form-encoded or JSON). There is no geocoder, so lat/long are needed. */
export const CreateRequestBody = Type.Object({
  jurisdiction_id: Text(64),
  api_key: Text(256),
  service_code: literalUnion(CATEGORY_CODES),
  lat: Type.Number({ minimum: -90, maximum: 90 }),
  long: Type.Number({ minimum: -180, maximum: 180 }),
  address_string: Text(500),
  address_id: Text(64),
  email: Text(254),
  device_id: Text(128),
  account_id: Text(128),
  first_name: Text(64),
  last_name: Text(64),
  phone: Type.Optional(Type.String({ pattern: '^\\+?[0-9 ()-]{3,32}$' })),
  description: Text(4000),
  media_url: Text(1000),
})
export type CreateRequestBodyT = Static<typeof CreateRequestBody>

export const CreatedRequest = Type.Array(
  Type.Object({
    service_request_id: Type.String(),
    service_notice: Type.Union([Type.String(), Type.Null()]),
    account_id: Type.Union([Type.String(), Type.Null()]),
  }),
)

const Nullable = <T extends ReturnType<typeof Type.String>>(s: T) => Type.Union([s, Type.Null()])

export const ServiceRequest = Type.Object({
  service_request_id: Type.String(),
  status: Type.String(),
  status_notes: Nullable(Type.String()),
  service_name: Type.String(),
  service_code: Type.String(),
  description: Nullable(Type.String()),
  agency_responsible: Nullable(Type.String()),
  service_notice: Nullable(Type.String()),
  requested_datetime: Type.String(),
  updated_datetime: Type.String(),
  expected_datetime: Type.String(),
  address: Nullable(Type.String()),
  address_id: Nullable(Type.String()),
  zipcode: Nullable(Type.String()),
  lat: Type.Number(),
  long: Type.Number(),
  media_url: Nullable(Type.String()),
})
export const ServiceRequests = Type.Array(ServiceRequest)

export const ListRequestsQuery = Type.Object({
  jurisdiction_id: Text(64),
  service_request_id: Type.Optional(Type.String({ pattern: '^\\d{1,15}(,\\d{1,15})*$' })),
  service_code: Type.Optional(Type.String({ pattern: `^(${CATEGORY_CODES.join('|')})(,(${CATEGORY_CODES.join('|')}))*$` })),
  status: Type.Optional(Type.String({ pattern: '^(open|closed)(,(open|closed))*$' })),
  start_date: Type.Optional(Type.String({ maxLength: 40 })),
  end_date: Type.Optional(Type.String({ maxLength: 40 })),
})

export const RequestParams = Type.Object({ id: Type.Integer({ minimum: 1 }) })
