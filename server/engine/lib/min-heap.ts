/**
 * Binary min-heap of node indices keyed by an external Float64Array (the distance labels), with
 * decrease-key through a position table. Typed arrays only: no object per entry, no garbage per push.
 */
export class IndexedMinHeap {
  readonly heap: Int32Array
  /** Position of each node in `heap`, -1 when absent. */
  readonly pos: Int32Array
  size = 0
  keys: Float64Array

  constructor(capacity: number, keys: Float64Array) {
    this.heap = new Int32Array(capacity)
    this.pos = new Int32Array(capacity).fill(-1)
    this.keys = keys
  }

  /** Insert `node`, or move it up after its key decreased. */
  push(node: number): void {
    let i = this.pos[node]
    if (i < 0) {
      i = this.size++
      this.heap[i] = node
      this.pos[node] = i
    }
    this.up(i)
  }

  pop(): number {
    const heap = this.heap
    const top = heap[0]
    this.pos[top] = -1
    const last = heap[--this.size]
    if (this.size > 0) {
      heap[0] = last
      this.pos[last] = 0
      this.down(0)
    }
    return top
  }

  clear(): void {
    for (let i = 0; i < this.size; i++) this.pos[this.heap[i]] = -1
    this.size = 0
  }

  private up(i: number): void {
    const { heap, pos, keys } = this
    const node = heap[i]
    const key = keys[node]
    while (i > 0) {
      const parent = (i - 1) >> 1
      const p = heap[parent]
      if (keys[p] <= key) break
      heap[i] = p
      pos[p] = i
      i = parent
    }
    heap[i] = node
    pos[node] = i
  }

  private down(i: number): void {
    const { heap, pos, keys, size } = this
    const node = heap[i]
    const key = keys[node]
    for (;;) {
      let child = 2 * i + 1
      if (child >= size) break
      const right = child + 1
      if (right < size && keys[heap[right]] < keys[heap[child]]) child = right
      const c = heap[child]
      if (keys[c] >= key) break
      heap[i] = c
      pos[c] = i
      i = child
    }
    heap[i] = node
    pos[node] = i
  }
}
