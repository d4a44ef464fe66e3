import { createServer, type Server, type Socket } from 'node:net'
import type { PGlite } from '@electric-sql/pglite'

/**
 * Serves one PGlite database to several `pg` connections over the PostgreSQL wire protocol.
 *
 * We do not use pglite-socket's multiplexer because of two faults measured here with pg 8 and
 * PGlite 0.5.8: it runs each protocol message on its own, so an extended-protocol query of one
 * connection (Parse, Bind, Execute, Sync) can interleave with another's and share the unnamed statement;
 * and PGlite answers an error with ErrorResponse + ReadyForQuery and then a second ReadyForQuery for
 * the Sync, which makes `pg` hand the next query the previous one's reply. Here every batch up to a
 * Sync or a simple Query runs as one unit, only the last ReadyForQuery of a batch is sent, and while a
 * connection holds a transaction open only its batches run (the others wait, as they would on a lock).
 */
export interface WireServer {
  port: number
  close(): Promise<void>
}

interface Connection {
  id: number
  socket: Socket
  buffer: Buffer
  started: boolean
  pending: Buffer[]
}

interface Batch {
  conn: Connection
  bytes: Buffer
  done: () => void
}

const SSL_REQUEST = 80877103
const CANCEL_REQUEST = 80877102
const READY_FOR_QUERY = 0x5a // 'Z'
const BATCH_END = new Set([0x53 /* S Sync */, 0x51 /* Q Query */, 0x48 /* H Flush */, 0x58 /* X Terminate */])

export async function serveWire(db: PGlite, options: { host?: string; port?: number; maxConnections?: number } = {}): Promise<WireServer> {
  const queue: Batch[] = []
  let owner: Connection | null = null // connection whose transaction is open
  let running = false
  let nextId = 1
  const connections = new Set<Connection>()

  const pump = async () => {
    if (running) return
    running = true
    try {
      for (;;) {
        const i = owner ? queue.findIndex((b) => b.conn === owner) : 0
        if (i < 0 || queue.length === 0) break
        const [batch] = queue.splice(i, 1)
        let reply: Uint8Array
        try {
          reply = await db.runExclusive(() => execBatch(db, batch.bytes))
        } catch (err) {
          batch.conn.socket.destroy(err as Error)
          batch.done()
          continue
        }
        owner = db.isInTransaction() ? batch.conn : null
        if (!batch.conn.socket.destroyed) batch.conn.socket.write(lastReadyOnly(reply))
        batch.done()
      }
    } finally {
      running = false
    }
  }

  const run = (conn: Connection, bytes: Buffer) =>
    new Promise<void>((resolve) => {
      queue.push({ conn, bytes, done: resolve })
      void pump()
    })

  const handle = async (conn: Connection) => {
    // One reader per connection: batches of a connection run in the order they were sent.
    for (;;) {
      if (!conn.started) {
        if (conn.buffer.length < 8) return
        const len = conn.buffer.readInt32BE(0)
        if (conn.buffer.length < len) return
        const code = conn.buffer.readInt32BE(4)
        const msg = conn.buffer.subarray(0, len)
        conn.buffer = conn.buffer.subarray(len)
        if (code === SSL_REQUEST) {
          conn.socket.write('N')
          continue
        }
        if (code === CANCEL_REQUEST) {
          conn.socket.end()
          return
        }
        conn.started = true
        await run(conn, Buffer.from(msg))
        continue
      }
      if (conn.buffer.length < 5) return
      const len = 1 + conn.buffer.readInt32BE(1)
      if (conn.buffer.length < len) return
      const type = conn.buffer[0]
      conn.pending.push(Buffer.from(conn.buffer.subarray(0, len)))
      conn.buffer = conn.buffer.subarray(len)
      if (type === 0x58) {
        conn.socket.end()
        return
      }
      if (BATCH_END.has(type)) {
        const bytes = Buffer.concat(conn.pending)
        conn.pending = []
        await run(conn, bytes)
      }
    }
  }

  const server: Server = createServer((socket) => {
    if (connections.size >= (options.maxConnections ?? 64)) {
      socket.end()
      return
    }
    socket.setNoDelay(true)
    const conn: Connection = { id: nextId++, socket, buffer: Buffer.alloc(0), started: false, pending: [] }
    connections.add(conn)
    let reading: Promise<void> = Promise.resolve()
    socket.on('data', (chunk) => {
      conn.buffer = Buffer.concat([conn.buffer, chunk])
      reading = reading.then(() => handle(conn)).catch(() => {
        socket.destroy()
      })
    })
    const cleanup = () => {
      if (!connections.delete(conn)) return
      for (let i = queue.length - 1; i >= 0; i--) if (queue[i].conn === conn) queue.splice(i, 1)[0].done()
      if (owner === conn) {
        // A client that vanished mid-transaction must not leave the database locked: its last batch
        // rolls the transaction back (the reply goes nowhere), then the others run.
        queue.unshift({ conn, bytes: simpleQuery('ROLLBACK'), done: () => {} })
        void pump()
      }
    }
    socket.on('close', cleanup)
    socket.on('error', () => socket.destroy())
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve())
  })
  const address = server.address()
  if (!address || typeof address === 'string') throw new Error('embedded PostGIS: no TCP address')
  return {
    port: address.port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const c of connections) c.socket.destroy()
        server.close(() => resolve())
      }),
  }
}

/**
 * Run one batch and return PGlite's reply bytes without PGlite keeping anything of it.
 *
 * PGlite 0.5.8's execProtocolRaw also parses every reply message and appends it to a results list that
 * only execProtocol empties, so a server calling it alone grows by every reply it ever sent (measured:
 * the heap doubled over 5,000 round trips). execProtocolRawStream hands the bytes to a callback
 * unparsed; they are views into the WASM heap that the next call reuses, hence the copies. The callback
 * stays installed until the next execProtocol, so beside this server only PGlite's query API (which
 * installs its own) may be used on the same instance, not execProtocolRaw.
 */
async function execBatch(db: PGlite, bytes: Uint8Array): Promise<Uint8Array> {
  const chunks: Buffer[] = []
  await db.execProtocolRawStream(bytes, { onRawData: (data) => chunks.push(Buffer.from(data)) })
  return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)
}

function simpleQuery(sql: string): Buffer {
  const text = Buffer.from(`${sql}\0`)
  const head = Buffer.alloc(5)
  head[0] = 0x51
  head.writeInt32BE(4 + text.length, 1)
  return Buffer.concat([head, text])
}

/** Drop every ReadyForQuery of a reply but the last (see the module comment). */
export function lastReadyOnly(reply: Uint8Array): Uint8Array {
  const keep: Uint8Array[] = []
  let lastReady: Uint8Array | null = null
  let i = 0
  while (i + 5 <= reply.length) {
    const len = 1 + ((reply[i + 1] << 24) | (reply[i + 2] << 16) | (reply[i + 3] << 8) | reply[i + 4])
    const msg = reply.subarray(i, i + len)
    if (reply[i] === READY_FOR_QUERY) lastReady = msg
    else {
      if (lastReady) lastReady = null
      keep.push(msg)
    }
    i += len
  }
  if (lastReady) keep.push(lastReady)
  return keep.length === 1 ? keep[0] : Buffer.concat(keep)
}
