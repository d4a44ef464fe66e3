/**
 * 红色物业: the 红黑榜 league of the user's scope over a window, the compounds coloured by their company's
 * standing (only when a map asks for them), and the company card opened from either. Figures over weeks
 * move slowly, so the league is read again every few minutes, not on every case event. Each source keeps
 * its last good answer through errors (useRequest), and answers to an older window never land.
 */
import { onScopeDispose, shallowRef, toValue, watch, type MaybeRefOrGetter, type ShallowRef } from 'vue'
import { propertyApi, type CompanyCard, type CompoundStandingCollection, type PropertyApi, type PropertyLeague, type PropertyWindow } from '../api/property.ts'
import type { ApiError } from '../api/request.ts'
import { useRequest } from './useRequest.ts'

export interface UsePropertyOptions {
  /** @default '30d' */
  window?: MaybeRefOrGetter<PropertyWindow>
  /** Nothing loads while false. @default true */
  enabled?: MaybeRefOrGetter<boolean>
  /** Load the league (the wall's lists). @default true */
  league?: MaybeRefOrGetter<boolean>
  /** Load the compound outlines (the drill-down map's layer). @default false */
  compounds?: MaybeRefOrGetter<boolean>
  fetcher?: Pick<PropertyApi, 'league' | 'company' | 'compounds'>
  /** Read the league and outlines again this often; 0 never. @default 300000 */
  refreshMs?: number
}

export interface UsePropertyReturn {
  league: ShallowRef<PropertyLeague | null>
  leagueError: ShallowRef<ApiError | null>
  leagueLoading: ShallowRef<boolean>
  compounds: ShallowRef<CompoundStandingCollection | null>
  compoundsError: ShallowRef<ApiError | null>
  /** The company whose card is open, or null. */
  selectedId: ShallowRef<string | null>
  card: ShallowRef<CompanyCard | null>
  cardError: ShallowRef<ApiError | null>
  cardLoading: ShallowRef<boolean>
  open: (companyId: string) => void
  close: () => void
  refresh: () => void
}

export function useProperty(options: UsePropertyOptions = {}): UsePropertyReturn {
  const fetcher = options.fetcher ?? propertyApi
  const windowOf = () => toValue(options.window) ?? '30d'
  const enabled = () => toValue(options.enabled) ?? true
  const wantLeague = () => enabled() && (toValue(options.league) ?? true)
  const wantCompounds = () => enabled() && (toValue(options.compounds) ?? false)
  const refreshMs = options.refreshMs ?? 300_000

  const leagueReq = useRequest((window: PropertyWindow, signal) => fetcher.league({ window }, signal), { clearErrorOnStart: false })
  const compoundsReq = useRequest((window: PropertyWindow, signal) => fetcher.compounds({ window }, signal), { clearErrorOnStart: false })
  const cardReq = useRequest(({ id, window }: { id: string; window: PropertyWindow }, signal) => fetcher.company(id, { window }, signal))
  const selectedId = shallowRef<string | null>(null)

  function loadLeague() {
    if (wantLeague()) void leagueReq.execute(windowOf())
  }
  function loadCompounds() {
    if (wantCompounds()) void compoundsReq.execute(windowOf())
  }
  function loadCard() {
    if (selectedId.value !== null && enabled()) void cardReq.execute({ id: selectedId.value, window: windowOf() })
  }

  watch([wantLeague, windowOf], loadLeague, { immediate: true })
  // The outlines are loaded when first asked for and kept while hidden; a new window reads them again.
  let compoundsWindow: PropertyWindow | null = null
  watch(
    [wantCompounds, windowOf],
    ([want, window]) => {
      if (!want || compoundsWindow === window) return
      compoundsWindow = window
      loadCompounds()
    },
    { immediate: true },
  )
  watch(windowOf, loadCard)

  function open(companyId: string) {
    if (selectedId.value === companyId && (cardReq.data.value || cardReq.loading.value)) return
    selectedId.value = companyId
    cardReq.reset()
    loadCard()
  }

  function close() {
    selectedId.value = null
    cardReq.reset()
  }

  function refresh() {
    loadLeague()
    if (compoundsWindow !== null) loadCompounds()
    loadCard()
  }

  if (refreshMs > 0) {
    const timer = setInterval(() => {
      loadLeague()
      if (compoundsWindow !== null) loadCompounds()
    }, refreshMs)
    onScopeDispose(() => clearInterval(timer))
  }

  return {
    league: leagueReq.data,
    leagueError: leagueReq.error,
    leagueLoading: leagueReq.loading,
    compounds: compoundsReq.data,
    compoundsError: compoundsReq.error,
    selectedId,
    card: cardReq.data,
    cardError: cardReq.error,
    cardLoading: cardReq.loading,
    open,
    close,
    refresh,
  }
}
