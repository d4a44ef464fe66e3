/**
 * Split units (a walled compound, kept whole, or a building outside any compound) into `parts` groups of
 * about equal households by recursive bisection: cut along the longer side of the group's extent at the
 * household-weighted position that gives each side its share of parts. Deterministic (ties by id), and
 * groups come out spatially compact, as grids drawn by hand are. x, y are longitude and latitude, or
 * metres when `planar`.
 */
export interface Unit {
  id: string
  x: number
  y: number
  households: number
}

export function partitionUnits(units: readonly Unit[], parts: number, planar = false): Unit[][] {
  if (parts <= 1 || units.length <= 1) return [units.slice()]
  const xs = units.map((u) => u.x), ys = units.map((u) => u.y)
  // Degrees of longitude are shorter than degrees of latitude by cos(latitude); planar x, y are metres already.
  const k = planar ? 1 : Math.cos((((Math.min(...ys) + Math.max(...ys)) / 2) * Math.PI) / 180)
  const alongX = (Math.max(...xs) - Math.min(...xs)) * k >= Math.max(...ys) - Math.min(...ys)
  const sorted = units.slice().sort((a, b) => (alongX ? a.x - b.x : a.y - b.y) || a.id.localeCompare(b.id))
  const left = Math.floor(parts / 2)
  const total = sorted.reduce((s, u) => s + u.households, 0)
  const goal = (total * left) / parts
  let acc = 0, cut = 1
  for (let i = 0; i < sorted.length - 1; i++) {
    acc += sorted[i].households
    cut = i + 1
    if (acc >= goal) break
  }
  // Never leave a side without units.
  cut = Math.min(Math.max(cut, 1), sorted.length - 1)
  return [...partitionUnits(sorted.slice(0, cut), left, planar), ...partitionUnits(sorted.slice(cut), parts - left, planar)]
}
