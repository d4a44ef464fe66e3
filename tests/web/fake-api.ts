/**
 * A stand-in for one API route: every call is recorded with its argument and signal and stays
 * pending until the test answers it, so tests decide the order in which answers arrive.
 */
export interface PendingCall<A, T> {
  arg: A
  signal: AbortSignal
  resolve: (value: T) => void
  reject: (err: unknown) => void
}

export interface FakeRoute<A, T> {
  calls: PendingCall<A, T>[]
  fn: (arg: A, signal?: AbortSignal) => Promise<T>
  last: () => PendingCall<A, T>
}

export function fakeRoute<A, T>(): FakeRoute<A, T> {
  const calls: PendingCall<A, T>[] = []
  return {
    calls,
    fn: (arg, signal) =>
      new Promise<T>((resolve, reject) => calls.push({ arg, signal: signal ?? new AbortController().signal, resolve, reject })),
    last: () => {
      const c = calls[calls.length - 1]
      if (!c) throw new Error('no call made')
      return c
    },
  }
}

/**
 * Lets every promise chain that is already resolved run to its end (answers travel through a few
 * awaits: fetcher → useRequest → the composable). Microtasks only: no timers, no waiting.
 */
export async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve()
}
