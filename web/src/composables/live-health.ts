/**
 * What the title bar says about the connection and how fresh the figures are, and when the screen
 * must warn that what it shows may be out of date. Pure: the caller passes the time.
 */
import type { LiveState } from './useLiveCases.ts'
import { formatAgo } from './cst-time.ts'

export type HealthLevel = 'ok' | 'warn' | 'bad'

export interface LiveHealthInput {
  now: number
  state: LiveState
  downSince: number | null
  lastEventAt: number | null
  /** Last good stats answer. */
  statsAt: number | null
  /** Last full load of recent cases. */
  syncAt: number | null
}

export interface LiveHealthOptions {
  /** Down longer than this reads 离线 rather than 重连中. @default 30000 */
  offlineAfterMs?: number
  /** Nothing refreshed for this long: warn. @default 300000 */
  staleAfterMs?: number
}

export interface LiveHealth {
  /** 在线 / 同步中 / 重连中 / 离线 */
  label: string
  level: HealthLevel
  /** "最近事件 3 分钟前" */
  lastEvent: string
  /** Time of the newest refresh of any kind, or null before the first. */
  freshAt: number | null
  /** A sentence for the warning banner; null while all is well. */
  stale: string | null
}

export function liveHealth(input: LiveHealthInput, options: LiveHealthOptions = {}): LiveHealth {
  const offlineAfter = options.offlineAfterMs ?? 30_000
  const staleAfter = options.staleAfterMs ?? 300_000
  const { now, state, downSince } = input
  const downFor = state === 'down' && downSince !== null ? now - downSince : 0

  let label: string
  let level: HealthLevel
  if (state === 'live') [label, level] = ['在线', 'ok']
  else if (state === 'down') [label, level] = downFor >= offlineAfter ? ['离线', 'bad'] : ['重连中', 'warn']
  else [label, level] = ['同步中', 'warn']

  const times = [input.lastEventAt, input.statsAt, input.syncAt].filter((t): t is number => t !== null)
  const freshAt = times.length ? Math.max(...times) : null
  let stale: string | null = null
  if (state === 'down' && downFor >= offlineAfter) {
    stale = `实时连接已中断 ${formatAgo(downFor).replace('前', '')}，正在重连；画面数据可能不是最新`
  } else if (input.statsAt !== null && now - input.statsAt >= staleAfter) {
    stale = `统计数据 ${formatAgo(now - input.statsAt)}更新后未再刷新，画面数据可能不是最新`
  } else if (input.statsAt === null && freshAt === null && state === 'down') {
    stale = '无法连接服务器，暂无数据'
  }

  return {
    label,
    level,
    lastEvent: input.lastEventAt === null ? '暂无新事件' : `最近事件 ${formatAgo(now - input.lastEventAt)}`,
    freshAt,
    stale,
  }
}
