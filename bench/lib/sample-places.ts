/** Points inside buildings spread over the district (a 4 × 4 grid of boxes), for benchmarks to post cases at. */
export async function samplePlaces(base: string, headers: Record<string, string>): Promise<[number, number][]> {
  const { district } = (await (await fetch(`${base}/api/config`, { headers })).json()) as { district: { bbox: number[] } }
  const [x0, y0, x1, y1] = district.bbox
  const points: [number, number][] = []
  for (let i = 0; i < 16; i++) {
    const bx = x0 + ((x1 - x0) * (i % 4)) / 4
    const by = y0 + ((y1 - y0) * Math.floor(i / 4)) / 4
    const fc = (await (await fetch(`${base}/api/buildings?bbox=${bx},${by},${bx + (x1 - x0) / 4},${by + (y1 - y0) / 4}&limit=200`, { headers })).json()) as {
      features: { geometry: { coordinates: number[][][] } }[]
    }
    for (const f of fc.features) {
      const ring = f.geometry.coordinates[0].slice(0, -1)
      points.push([ring.reduce((s, c) => s + c[0], 0) / ring.length, ring.reduce((s, c) => s + c[1], 0) / ring.length])
    }
  }
  if (points.length === 0) throw new Error('the district has no buildings to post at')
  return points
}
