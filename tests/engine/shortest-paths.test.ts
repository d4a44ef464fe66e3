import { describe, expect, it } from 'vitest'
import { buildWalkGraph, shortestPaths, sourceAtNode, type WalkNetworkInput } from '../../server/engine/index.ts'
import { referenceDistances } from './helpers/reference.ts'
import { rng } from './helpers/synthetic-district.ts'

/** A random connected-ish graph with straight edges in a 1 km square; lengths ≥ straight-line distance. */
function randomNetwork(seed: number, n: number, m: number): WalkNetworkInput {
  const r = rng(seed)
  const nodes = Array.from({ length: n }, (_, i) => ({ id: 100 + i, lngLat: [117 + r() * 0.01, 31 + r() * 0.01] as [number, number] }))
  const edges = Array.from({ length: m }, (_, i) => {
    const a = nodes[Math.floor(r() * n)], b = nodes[Math.floor(r() * n)]
    return { id: i + 1, source: a.id, target: b.id, lengthM: Math.round(r() * 50000) / 100, compoundId: null, coords: [a.lngLat, b.lngLat] }
  })
  return { nodes, edges }
}

describe('shortestPaths', () => {
  it('matches a naive Dijkstra on a hand-made graph, both directions of every edge', () => {
    //  1 —10— 2 —10— 3
    //  |               |
    //  50 ——— 4 ——1—— +   (1–4 is 50, 4–3 is 1): 1→3 is 20 via 2, 1→4 is 21 via 3
    const at = (x: number): [number, number] => [117 + x * 0.001, 31]
    const net: WalkNetworkInput = {
      nodes: [1, 2, 3, 4].map((id) => ({ id, lngLat: at(id) })),
      edges: [
        { id: 1, source: 1, target: 2, lengthM: 10, compoundId: null, coords: [at(1), at(2)] },
        { id: 2, source: 3, target: 2, lengthM: 10, compoundId: null, coords: [at(3), at(2)] },
        { id: 3, source: 1, target: 4, lengthM: 50, compoundId: null, coords: [at(1), at(4)] },
        { id: 4, source: 4, target: 3, lengthM: 1, compoundId: null, coords: [at(4), at(3)] },
      ],
    }
    const { graph } = buildWalkGraph(net)
    const { distanceM } = shortestPaths(graph, [sourceAtNode(graph, 1)])
    expect([1, 2, 3, 4].map((id) => distanceM[graph.nodeIndex.get(id)!])).toEqual([0, 10, 20, 21])
  })

  it('agrees with the reference on random multigraphs, from several sources, within and past a cap', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const net = randomNetwork(seed, 40, 70)
      const { graph } = buildWalkGraph(net)
      const r = rng(seed * 7)
      const starts = [0, 1, 2].map(() => net.nodes[Math.floor(r() * net.nodes.length)].id)
      const ref = referenceDistances(net, new Map(starts.map((id) => [id, 0])))
      const all = shortestPaths(graph, starts.map((id) => sourceAtNode(graph, id)))
      const capped = shortestPaths(graph, starts.map((id) => sourceAtNode(graph, id)), { maxDistanceM: 300 })
      for (const n of net.nodes) {
        const v = graph.nodeIndex.get(n.id)!
        const want = ref.get(n.id)!
        expect(all.distanceM[v]).toBeCloseTo(want, 9)
        expect(capped.distanceM[v]).toBe(want <= 300 ? all.distanceM[v] : Infinity)
        if (Number.isFinite(want)) {
          // The reported source really is at that distance.
          const s = starts[all.source[v]]
          expect(referenceDistances(net, new Map([[s, 0]])).get(n.id)).toBeCloseTo(want, 9)
        } else expect(all.source[v]).toBe(-1)
      }
    }
  })

  it('rejects bad input with precise messages', () => {
    const { graph } = buildWalkGraph(randomNetwork(1, 5, 5))
    expect(() => shortestPaths(graph, [], { maxDistanceM: -1 })).toThrow('maxDistanceM must be a number ≥ 0, got -1')
    expect(() => sourceAtNode(graph, 99)).toThrow('node 99 is not in the walking graph')
    expect(() =>
      buildWalkGraph({ nodes: [{ id: 1, lngLat: [0, 0] }], edges: [{ id: 7, source: 1, target: 2, lengthM: 1, compoundId: null, coords: [] }] }),
    ).toThrow('walk edge 7 refers to node 2, which is not in nodes')
    expect(() => buildWalkGraph({ nodes: [{ id: 1, lngLat: [0, 0] }, { id: 1, lngLat: [0, 0] }], edges: [] })).toThrow(
      'walk node id 1 appears twice',
    )
  })
})
