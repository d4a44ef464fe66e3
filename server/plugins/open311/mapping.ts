import { CATEGORIES, CLASS_721_NAMES, DEPARTMENTS, findCategory } from '../../domain/cases/taxonomy.ts'
import { OPEN_STATUSES, type CaseState, type Status } from '../../domain/cases/types.ts'
import type { Intake } from '../../domain/cases/create-case.ts'
import type { CreateRequestBodyT } from './schemas.ts'

/** GeoReport v2 services: one per case category, service_code = category code. */
export const services = CATEGORIES.map((c) => ({
  service_code: c.code,
  service_name: c.name,
  description: c.gloss,
  metadata: false,
  type: 'realtime',
  keywords: [c.class721, CLASS_721_NAMES[c.class721], c.department].join(','),
  group: CLASS_721_NAMES[c.class721],
}))

/** GeoReport has two statuses: our open loop statuses are "open", the rest "closed". */
export function open311Status(status: Status): 'open' | 'closed' {
  return OPEN_STATUSES.includes(status) ? 'open' : 'closed'
}

export function statusesFor(open311: string[]): Status[] {
  const all: Status[] = ['received', 'dispatched', 'handling', 'resolved', 'evaluated', 'closed']
  return all.filter((s) => open311.includes(open311Status(s)))
}

/** A case as a GeoReport v2 service request. Personal data is never part of it. */
export function toServiceRequest(s: CaseState) {
  const to = s.dispatchedTo
  return {
    service_request_id: String(s.id),
    status: open311Status(s.status),
    status_notes: s.resolution ?? s.status,
    service_name: findCategory(s.category)?.name ?? s.category,
    service_code: s.category,
    description: s.description,
    agency_responsible: to ? (to.level === 'department' ? (DEPARTMENTS.find((d) => d.code === to.id)?.name ?? to.id) : to.id) : null,
    service_notice: null,
    requested_datetime: s.createdAt,
    updated_datetime: s.updatedAt,
    expected_datetime: s.deadlineAt,
    address: s.address,
    address_id: null,
    zipcode: null,
    lat: s.location.lat,
    long: s.location.lng,
    media_url: null,
  }
}

/** A GeoReport POST as a native intake; GeoReport coordinates are WGS-84 by definition. */
export function toIntake(b: CreateRequestBodyT): Intake {
  const name = [b.last_name, b.first_name].filter(Boolean).join('') || null
  const firstLine = b.description?.split('\n')[0].trim().slice(0, 60)
  return {
    source: 'open311',
    category: b.service_code,
    title: firstLine || findCategory(b.service_code)!.name,
    description: b.description ?? null,
    location: { lng: b.long, lat: b.lat, crs: 'wgs84' },
    address: b.address_string ?? null,
    reporter: name || b.phone ? { name, phone: b.phone ?? null } : null,
  }
}
