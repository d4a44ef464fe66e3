/** Anything with a strictly increasing log id. */
export interface Sequenced {
  id: number
}

export interface SequencerOptions<E extends Sequenced> {
  /** Committed events with after < id ≤ upTo from the log, in id order, at most `limit`. */
  read(after: number, upTo: number, limit: number): Promise<E[]>
  /**
   * The same, but first waiting until every id that has been drawn is settled (committed or rolled
   * back), so that a missing id in the answer will never appear. Costlier: writers pause meanwhile.
   * Null when the writers did not finish soon enough: the hole stays open and is settled later.
   */
  readSettled(after: number, upTo: number, limit: number): Promise<E[] | null>
  deliver(event: E): void
  /** How long an out-of-order event waits for the ones before it before the log is read. @default 25 */
  gapWaitMs?: number
  /** How long a hole in the log may stay open before a settling read decides it. @default 500 */
  settleAfterMs?: number
  /** Rows per log read. @default 1000 */
  pageSize?: number
  onError?(err: unknown): void
}

/**
 * Turns events arriving in any order, possibly twice, possibly not at all (a lost notification, a
 * writer in another process) into one stream in strictly increasing id order, each id delivered once.
 * An event that skips ahead waits briefly for the missing ones; then the log is read. Ids found there
 * without a hole before them are final and delivered; a hole (a writer still committing, or one that
 * rolled back) is only decided by a settling read once it has stayed open for `settleAfterMs`.
 */
export class EventSequencer<E extends Sequenced> {
  private last: number | null = null
  private readonly pending = new Map<number, E>()
  private early: E[] = []
  private timer: ReturnType<typeof setTimeout> | null = null
  private reading = false
  private stopped = false
  /** When the current hole after `last` was first seen (null: none known). */
  private holeSince: number | null = null
  private readonly gapWaitMs: number
  private readonly settleAfterMs: number
  private readonly pageSize: number

  constructor(private readonly opts: SequencerOptions<E>) {
    this.gapWaitMs = opts.gapWaitMs ?? 25
    this.settleAfterMs = opts.settleAfterMs ?? 500
    this.pageSize = opts.pageSize ?? 1000
  }

  /** The id of the last delivered event: everything up to it has been delivered or never existed. */
  get lastDelivered(): number | null {
    return this.last
  }

  /** Begin after `lastId` (a settled id, e.g. the log's newest at start); earlier pushes are kept. */
  start(lastId: number): void {
    this.last = lastId
    const early = this.early.sort((a, b) => a.id - b.id)
    this.early = []
    for (const e of early) this.push(e)
  }

  push(event: E): void {
    if (this.stopped) return
    if (this.last === null) {
      this.early.push(event)
      return
    }
    if (event.id <= this.last || this.pending.has(event.id)) return
    if (event.id === this.last + 1) {
      this.emit(event)
      this.drain()
    } else {
      this.pending.set(event.id, event)
      this.holeSince ??= Date.now()
      this.arm()
    }
  }

  /** Deliver what the log holds beyond the last delivered id (the safety net for lost notifications). */
  async poll(): Promise<void> {
    if (this.last === null || this.reading || this.stopped) return
    await this.readLog(Number.MAX_SAFE_INTEGER)
  }

  stop(): void {
    this.stopped = true
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    this.pending.clear()
  }

  private emit(event: E): void {
    this.last = event.id
    this.holeSince = null
    this.opts.deliver(event)
  }

  private drain(): void {
    for (let next = this.pending.get(this.last! + 1); next; next = this.pending.get(this.last! + 1)) {
      this.pending.delete(next.id)
      this.emit(next)
    }
    if (this.pending.size > 0) {
      this.holeSince ??= Date.now()
      this.arm()
    } else if (this.timer) {
      clearTimeout(this.timer)
      this.timer = null
    }
  }

  private arm(): void {
    if (this.timer || this.reading || this.stopped) return
    this.timer = setTimeout(() => {
      this.timer = null
      if (this.pending.size > 0) void this.readLog(Math.max(...this.pending.keys()))
    }, this.gapWaitMs)
  }

  /** Read the log after `last` up to `upTo`: a plain read, or a settling one for an old hole. */
  private async readLog(upTo: number): Promise<void> {
    if (this.reading || this.stopped) return
    this.reading = true
    try {
      for (;;) {
        const settle = this.holeSince !== null && Date.now() - this.holeSince >= this.settleAfterMs
        const read = settle ? this.opts.readSettled : this.opts.read
        const rows = await read(this.last!, upTo, this.pageSize)
        if (this.stopped) return
        if (rows === null) {
          // A writer is still at work: plain reads go on, the next settling read waits its turn again.
          this.holeSince = Date.now()
          break
        }
        const full = rows.length === this.pageSize
        // After a settling read every id up to the last one read is final (an id past it may still be
        // drawn, so never beyond it); after a plain read only an unbroken run from `last` is.
        if (settle) this.accept(rows, rows.length ? rows[rows.length - 1].id : this.last!)
        else this.acceptRun(rows)
        // Another page only when this one was full and used up (a hole stops a plain read).
        if (!full || this.last! < rows[rows.length - 1].id) break
      }
    } catch (err) {
      this.opts.onError?.(err)
    } finally {
      this.reading = false
      this.drain()
    }
  }

  /** Rows from a settling read: ids up to `settledUpTo` without a row never committed. */
  private accept(rows: E[], settledUpTo: number): void {
    for (const r of rows) if (r.id > this.last! && r.id <= settledUpTo) this.emit(r)
    if (settledUpTo > this.last!) this.last = settledUpTo
    this.holeSince = null
    for (const id of this.pending.keys()) if (id <= this.last!) this.pending.delete(id)
  }

  /** Rows from a plain read: deliver the unbroken run after `last`; a hole after it stays open. */
  private acceptRun(rows: E[]): void {
    for (const r of rows) {
      if (r.id <= this.last!) continue
      if (r.id !== this.last! + 1) {
        this.holeSince ??= Date.now()
        break
      }
      this.pending.delete(r.id)
      this.emit(r)
    }
  }
}
