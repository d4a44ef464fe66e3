/** Messages between the request thread (engine-pool.ts) and an engine worker (engine-worker.ts). */
export interface EngineWorkerData {
  url: string
  speedKmh: number
  poolSize: number
}

export interface EngineRequest {
  id: number
  op: string
  args: unknown
}

export type EngineReply =
  | { id: number; ok: true; kind: 'json' | 'text'; body: Uint8Array }
  | { id: number; ok: false; error: { statusCode?: number; code?: string; message: string; details?: Record<string, unknown> } }
