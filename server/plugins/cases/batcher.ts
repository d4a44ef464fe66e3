/**
 * Groups concurrent requests into batches: an idle batcher runs a request at once, alone; while
 * `maxConcurrent` batches are running, new requests wait and go together in the next one. Under load
 * many intakes then share one statement and one commit (and its fsync), which is what lets intake
 * keep up; at low load nothing waits.
 *
 * `run` answers each item in order, with a value or with a promise of its own: an item whose last step
 * failed (say a read after the shared commit) then fails alone, not its whole batch.
 *
 * A batch that fails as a whole must not fail its good requests with it: when `retrySingly(err)` says
 * the failed run wrote nothing, each request of the batch is run again alone and gets its own outcome,
 * so only the request that caused the failure fails. A failure after something was written is passed
 * to every request of the batch, since running them again could write them twice.
 */
interface Waiting<I, O> {
  item: I
  resolve: (o: O | Promise<O>) => void
  reject: (e: unknown) => void
}

export class Batcher<I, O> {
  private queue: Waiting<I, O>[] = []
  private running = 0
  private scheduled = false

  constructor(
    private readonly run: (items: I[]) => Promise<(O | Promise<O>)[]>,
    private readonly opts: { maxBatch: number; maxConcurrent: number; retrySingly?: (err: unknown) => boolean },
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
      this.settle(batch).finally(() => {
        this.running--
        this.kick()
      })
    }
  }

  private async settle(batch: Waiting<I, O>[]): Promise<void> {
    try {
      const out = await this.run(batch.map((b) => b.item))
      batch.forEach((b, i) => b.resolve(out[i]!))
      return
    } catch (err) {
      if (batch.length === 1 || !this.opts.retrySingly?.(err)) {
        batch.forEach((b) => b.reject(err))
        return
      }
    }
    // Alone, each request succeeds or fails on its own data. They still count as one running batch.
    await Promise.all(
      batch.map((b) =>
        this.run([b.item]).then(
          (out) => b.resolve(out[0]!),
          (err) => b.reject(err),
        ),
      ),
    )
  }
}
