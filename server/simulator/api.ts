/**
 * The simulator's only way into the server: its public HTTP API, signed in as an account (by default
 * the demo district's 区指挥中心 account, which may take every step of the loop).
 */
export class ApiClient {
  private cookie: string | null = null

  constructor(readonly baseUrl: string) {}

  private async send(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = { ...(init.headers as Record<string, string>), ...(this.cookie ? { cookie: this.cookie } : {}) }
    return fetch(this.baseUrl + path, { ...init, headers }).catch((err: Error) => {
      throw new Error(`cannot reach ${this.baseUrl} (${(err.cause as Error | undefined)?.message ?? err.message}); is the server running?`)
    })
  }

  /** Sign in; every later request carries the session. */
  async signIn(username: string, password: string): Promise<void> {
    const res = await this.send('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    })
    if (!res.ok) throw new Error(`cannot sign in as ${username}: ${res.status} ${await res.text()}`)
    const set = res.headers.getSetCookie().find((c) => c.startsWith('hl_session='))
    if (!set) throw new Error('the server signed in without a session cookie')
    this.cookie = set.split(';')[0]
  }

  async get<T>(path: string): Promise<T> {
    const res = await this.send(path)
    if (!res.ok) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`)
    return (await res.json()) as T
  }

  /** POST JSON; returns the status and parsed body whatever the status. */
  async post(path: string, body: unknown): Promise<{ status: number; body: any }> {
    const res = await this.send(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
    const text = await res.text()
    return { status: res.status, body: text ? JSON.parse(text) : null }
  }
}
