/** Number formats of the screen's tiles: "—" for a figure the server does not have yet. */
type N = number | null | undefined

export const fmtInt = (n: N) => (n === null || n === undefined ? '—' : n.toLocaleString('zh-CN'))

/** A 0..1 share as a percentage number without the sign. */
export const fmtPct = (v: N, digits = 0) => (v === null || v === undefined ? '—' : (v * 100).toFixed(digits))

/** Hours with one decimal under ten, whole hours above. */
export const fmtHours = (v: N) => (v === null || v === undefined ? '—' : v < 10 ? v.toFixed(1) : Math.round(v).toString())
