import { Type, type TSchema } from '@sinclair/typebox'

/** Response schemas for GeoJSON: geometry is passed through as parsed from ST_AsGeoJSON. */
export const Geometry = Type.Object(
  { type: Type.String(), coordinates: Type.Any() },
  { additionalProperties: true },
)

export const Feature = <P extends TSchema>(properties: P) =>
  Type.Object({
    type: Type.Literal('Feature'),
    id: Type.Optional(Type.Union([Type.String(), Type.Number()])),
    geometry: Type.Union([Geometry, Type.Null()]),
    properties,
  })

export const FeatureCollection = <P extends TSchema>(properties: P) =>
  Type.Object({
    type: Type.Literal('FeatureCollection'),
    features: Type.Array(Feature(properties)),
  })

export interface GeoRow {
  geometry: string | null
}

/** Turn rows with a `geometry` column (ST_AsGeoJSON text) into a FeatureCollection. */
export function toFeatureCollection<R extends GeoRow, P extends { id?: unknown }>(rows: R[], props: (r: R) => P) {
  return { type: 'FeatureCollection' as const, features: rows.map((r) => toFeature(r, props)) }
}

export function toFeature<R extends GeoRow, P extends { id?: unknown }>(row: R, props: (r: R) => P) {
  const properties = props(row)
  return {
    type: 'Feature' as const,
    id: properties.id as string | number | undefined,
    // Parsed here so the response schema can serialise it; PostGIS already produced valid GeoJSON.
    geometry: row.geometry ? (JSON.parse(row.geometry) as { type: string; coordinates: unknown }) : null,
    properties,
  }
}
