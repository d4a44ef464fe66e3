/** The simulator's only way into the server: its public HTTP API. */
export class ApiClient {
  constructor(readonly baseUrl: string) {}

  async get<T>(path: string): Promise<T> {
    const res = await fetch(this.baseUrl + path).catch((err: Error) => {
      throw new Error(`cannot reach ${this.baseUrl} (${(err.cause as Error | undefined)?.message ?? err.message}); is the server running?`)
    })
    if (!res.ok) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`)
    return (await res.json()) as T
  }

  /** POST JSON as `actor`; returns the status and parsed body whatever the status. */
  async post(path: string, body: unknown, actor: string): Promise<{ status: number; body: any }> {
    const res = await fetch(this.baseUrl + path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-actor': actor },
      body: JSON.stringify(body),
    })
    const text = await res.text()
    return { status: res.status, body: text ? JSON.parse(text) : null }
  }
}
