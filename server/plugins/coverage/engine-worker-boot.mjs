// Worker threads do not inherit tsx's loader from the thread that starts them (Node 20, whether started
// by `tsx`, `node --import tsx` or vitest): register it here, then load the TypeScript entry.
import { register } from 'tsx/esm/api'

register()
await import('./engine-worker.ts')
