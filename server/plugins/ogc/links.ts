import type { FastifyRequest } from 'fastify'

export const JSON_TYPE = 'application/json'
export const GEOJSON_TYPE = 'application/geo+json'
export const OPENAPI_TYPE = 'application/vnd.oai.openapi+json;version=3.0'

export interface Link {
  href: string
  rel: string
  type?: string
  title?: string
}

/**
 * The API root as the client reached it. Links are absolute because GDAL and QGIS follow them as they
 * are; the host comes from the request so a LAN address or a reverse proxy (with trustProxy) works.
 */
export function apiRoot(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}/ogc`
}

export const link = (href: string, rel: string, type: string, title?: string): Link => (title ? { href, rel, type, title } : { href, rel, type })

/** href with query parameters, leaving out the unset ones. */
export function withQuery(href: string, params: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams()
  for (const [k, v] of Object.entries(params)) if (v !== undefined) q.set(k, String(v))
  const s = q.toString()
  return s ? `${href}?${s}` : href
}
