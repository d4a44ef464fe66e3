/**
 * A stand-in for a socket.io client socket with the shape web/src/api/live.ts uses: `emit` plays the
 * server (it calls the page's handlers), `connect` asks for the auth like socket.io does on every
 * (re)connection and records it, and the failure helpers reproduce socket.io's `active` semantics.
 */
import type { CaseEventMessage, CaseView } from '../../web/src/api/case-types.ts'
import type { IoFactory, LiveAuth, LiveSocket, LiveSocketOptions } from '../../web/src/api/live.ts'

type Listener = (...args: any[]) => void

export class FakeSocket implements LiveSocket {
  connected = false
  active = false
  readonly auths: LiveAuth[] = []
  private listeners = new Map<string, Listener[]>()
  readonly io = { on: () => undefined, engine: { close: () => this.transportClose() } }

  constructor(
    readonly uri: string,
    readonly options: LiveSocketOptions,
  ) {}

  on(event: string, listener: Listener) {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener])
    return this
  }

  /** The server sending `event` to this client. */
  emit(event: string, ...args: unknown[]) {
    for (const l of this.listeners.get(event) ?? []) l(...args)
    return this
  }

  connect() {
    this.options.auth((data) => this.auths.push(data))
    this.connected = true
    this.active = true
    this.emit('connect')
    return this
  }

  disconnect() {
    const was = this.connected
    this.connected = false
    this.active = false
    if (was) this.emit('disconnect', 'io client disconnect')
    return this
  }

  removeAllListeners() {
    this.listeners.clear()
    return this
  }

  listenerCount(): number {
    let n = 0
    for (const l of this.listeners.values()) n += l.length
    return n
  }

  /** A network failure: socket.io keeps trying by itself. */
  transportClose() {
    this.connected = false
    this.active = true
    this.emit('disconnect', 'transport close')
  }

  /** The server sent us away: socket.io does not reconnect by itself. */
  serverDisconnect() {
    this.connected = false
    this.active = false
    this.emit('disconnect', 'io server disconnect')
  }
}

/** An io factory that remembers every socket it made. */
export function fakeIo(): { io: IoFactory; sockets: FakeSocket[]; last(): FakeSocket } {
  const sockets: FakeSocket[] = []
  return {
    io: (uri, options) => {
      const s = new FakeSocket(uri, options)
      sockets.push(s)
      return s
    },
    sockets,
    last: () => sockets[sockets.length - 1]!,
  }
}


/** A case view as the server sends it; only what the screen reads needs to be realistic. */
export function caseView(id: number, over: Partial<CaseView> = {}): CaseView {
  return {
    id,
    source: 'hotline_12345',
    externalId: `x-${id}`,
    category: 'water_supply',
    categoryName: '供水漏水',
    class721: 'service',
    title: `案件 ${id}`,
    description: null,
    address: null,
    location: { lng: 117.05 + (id % 10) * 0.001, lat: 30.53 },
    reporter: { name: '张*', phone: '********678' },
    priority: 'normal',
    status: 'received',
    buildingId: null,
    compoundId: null,
    gridId: 'G1',
    communityId: 'C1',
    streetId: 'S1',
    districtId: 'D01',
    outsideGrid: false,
    possibleDuplicateOf: null,
    dispatchedTo: null,
    resolvedLevel: null,
    resolution: null,
    satisfaction: null,
    escalation: null,
    reopenCount: 0,
    createdAt: new Date(Date.now() - 1000 + id).toISOString(),
    deadlineAt: new Date(Date.now() + 86_400_000).toISOString(),
    dispatchedAt: null,
    startedAt: null,
    resolvedAt: null,
    evaluatedAt: null,
    closedAt: null,
    updatedAt: new Date().toISOString(),
    overdue: false,
    version: 1,
    ...over,
  }
}

/** A logged event about a case (a fresh 'created' event unless told otherwise). */
export function caseEvent(id: number, caseId = 1000 + id, type: CaseEventMessage['type'] = 'created', over: Partial<CaseView> = {}): CaseEventMessage {
  return { id, type, caseId, at: new Date().toISOString(), actor: 'test', case: caseView(caseId, over) }
}
