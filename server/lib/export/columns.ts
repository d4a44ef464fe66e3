/**
 * Attribute columns of an export: a name and a GeoPackage column type (GeoPackage 1.2, table 1), taken
 * from the PostgreSQL type of each result column so a layer's numbers stay numbers and its times stay
 * times in the file. Values are turned into what SQLite stores for that type.
 */

export const COLUMN_TYPES = ['BOOLEAN', 'SMALLINT', 'MEDIUMINT', 'INTEGER', 'FLOAT', 'DOUBLE', 'TEXT', 'DATE', 'DATETIME'] as const
export type ColumnType = (typeof COLUMN_TYPES)[number]

export interface ExportColumn {
  name: string
  type: ColumnType
}

/** PostgreSQL type OIDs (pg_type.oid, fixed for built-in types) to GeoPackage types; anything else is TEXT. */
const BY_OID: Record<number, ColumnType> = {
  16: 'BOOLEAN', // bool
  21: 'SMALLINT', // int2
  23: 'MEDIUMINT', // int4 (GeoPackage's 32-bit integer)
  20: 'INTEGER', // int8
  700: 'FLOAT', // float4
  701: 'DOUBLE', // float8
  1700: 'DOUBLE', // numeric
  1082: 'DATE',
  1114: 'DATETIME', // timestamp
  1184: 'DATETIME', // timestamptz
}

export function columnTypeOf(pgTypeOid: number): ColumnType {
  return BY_OID[pgTypeOid] ?? 'TEXT'
}

const pad = (n: number) => String(n).padStart(2, '0')

/**
 * One value as SQLite should store it in a column of this type: booleans as 0/1, times as RFC 3339 UTC
 * text (GeoPackage's DATETIME form), arrays joined with ';' as in the CSV export, JSON as text.
 */
export function columnValue(type: ColumnType, v: unknown): number | bigint | string | null {
  if (v === null || v === undefined) return null
  switch (type) {
    case 'BOOLEAN':
      return v === true || v === 't' || v === 1 ? 1 : 0
    case 'SMALLINT':
    case 'MEDIUMINT':
    case 'INTEGER':
      if (typeof v === 'bigint') return v
      return Number.isSafeInteger(Number(v)) ? Number(v) : BigInt(String(v))
    case 'FLOAT':
    case 'DOUBLE':
      return Number(v)
    case 'DATETIME':
      return v instanceof Date ? v.toISOString() : String(v)
    case 'DATE':
      // node-postgres reads a date as local midnight; its local parts are the calendar day.
      return v instanceof Date ? `${v.getFullYear()}-${pad(v.getMonth() + 1)}-${pad(v.getDate())}` : String(v)
    case 'TEXT':
      if (Array.isArray(v)) return v.join(';')
      if (v instanceof Date) return v.toISOString()
      return typeof v === 'object' ? JSON.stringify(v) : String(v)
  }
}
