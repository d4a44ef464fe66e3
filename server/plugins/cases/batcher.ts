/**
 * Groups concurrent requests into batches: an idle batcher runs a request at once, alone; while
 * `maxConcurrent` batches are running, new requests wait and go together in the next one. Under load
 * many intakes then share one statement and one commit (and its fsync), which is what lets intake
 * keep up; at low load nothing waits.
 */
export class Batcher<I, O> {
  private queue: { item: I; resolve: (o: O | Promise<O>) => void; reject: (e: unknown) => void }[] = []
  private running = 0
  private scheduled = false

  /**
   * `run` answers each item in order, with a value or with a promise of its own: an item whose last
   * step failed (say a read after the shared commit) then fails alone, not its whole batch.
   */
  constructor(
    private readonly run: (items: I[]) => Promise<(O | Promise<O>)[]>,
    private readonly opts: { maxBatch: number; maxConcurrent: number },
  ) {}

  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ item, resolve, reject })
      // Requests that arrive in the same turn of the event loop go together.
      if (!this.scheduled) {
        this.scheduled = true
        queueMicrotask(() => {
          this.scheduled = false
          this.kick()
        })
      }
    })
  }

  private kick(): void {
    while (this.running < this.opts.maxConcurrent && this.queue.length > 0) {
      const batch = this.queue.splice(0, this.opts.maxBatch)
      this.running++
      this.run(batch.map((b) => b.item))
        .then(
          (out) => batch.forEach((b, i) => b.resolve(out[i])),
          (err) => batch.forEach((b) => b.reject(err)),
        )
        .finally(() => {
          this.running--
          this.kick()
        })
    }
  }
}
