/**
 * Preloaded into a server child by the benches (`node --expose-gc --import tsx --import
 * ./bench/lib/memory-probe.ts server/server.ts`): answers 'memory' on the IPC channel with
 * process.memoryUsage() after a full GC, so the server itself carries no measuring route.
 */
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'

if (process.send) {
  setFlagsFromString('--expose-gc')
  const gc = runInNewContext('gc') as () => void
  process.on('message', (m: unknown) => {
    if (m !== 'memory') return
    // Twice: the first pass runs finalizers whose objects the second one frees.
    gc()
    gc()
    process.send!({ type: 'memory', ...process.memoryUsage() })
  })
  // The channel must not keep a server that is told to stop alive.
  process.channel?.unref()
}
