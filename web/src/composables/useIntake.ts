/**
 * Manual intake (受理) for a hotline operator: the form, the address search against the district's
 * buildings and places (asked a moment after typing stops), the open cases near the chosen point (the
 * duplicate check, shown before saving), and saving — after which the form is empty for the next call
 * and keeps its source.
 */
import { computed, onScopeDispose, shallowRef, watch, type ComputedRef, type ShallowRef } from 'vue'
import type { CaseTaxonomy, CaseView, NearbyCase, PlaceHit } from '../api/case-types.ts'
import { casesApi, placesApi, type CasesApi } from '../api/cases.ts'
import type { ApiError } from '../api/request.ts'
import { buildIntakeRequest, emptyIntakeForm, validateIntake, type IntakeErrors, type IntakeForm } from './intake-form.ts'
import { useRequest } from './useRequest.ts'

export interface UseIntakeOptions {
  taxonomy: ShallowRef<CaseTaxonomy | null>
  fetcher?: Pick<CasesApi, 'create' | 'nearby'>
  places?: typeof placesApi
  /** Wait after the last key before searching. @default 250 */
  searchDelayMs?: number
  /** Called with the new case once saved. */
  onSaved?: (c: CaseView) => void
}

export interface UseIntakeReturn {
  form: ShallowRef<IntakeForm>
  update: (change: Partial<IntakeForm>) => void
  categoryName: ComputedRef<string | null>
  errors: ComputedRef<IntakeErrors>
  /** Errors are shown once the operator tried to save. */
  showErrors: ShallowRef<boolean>
  placeQuery: ShallowRef<string>
  placeHits: ComputedRef<PlaceHit[]>
  placesLoading: ShallowRef<boolean>
  choosePlace: (hit: PlaceHit) => void
  nearby: ComputedRef<NearbyCase[]>
  nearbyLoading: ShallowRef<boolean>
  nearbyError: ShallowRef<ApiError | null>
  saving: ShallowRef<boolean>
  saveError: ShallowRef<ApiError | null>
  lastSaved: ShallowRef<CaseView | null>
  save: () => Promise<CaseView | undefined>
  reset: () => void
}

export function useIntake(options: UseIntakeOptions): UseIntakeReturn {
  const fetcher = options.fetcher ?? casesApi
  const places = options.places ?? placesApi
  const delay = options.searchDelayMs ?? 250

  const form = shallowRef<IntakeForm>(emptyIntakeForm())
  const showErrors = shallowRef(false)
  const update = (change: Partial<IntakeForm>) => (form.value = { ...form.value, ...change })
  const categoryName = computed(() => options.taxonomy.value?.categories.find((c) => c.code === form.value.category)?.name ?? null)
  const errors = computed(() => validateIntake(form.value, categoryName.value))

  // ---- address search ----
  const placeQuery = shallowRef('')
  const search = useRequest((q: string, signal) => places.search(q, signal))
  let typing: ReturnType<typeof setTimeout> | null = null
  watch(placeQuery, (q) => {
    if (typing) clearTimeout(typing)
    if (!q.trim()) return search.reset()
    typing = setTimeout(() => void search.execute(q.trim()), delay)
  })
  const placeHits = computed(() => (placeQuery.value.trim() ? (search.data.value?.items ?? []) : []))

  function choosePlace(hit: PlaceHit) {
    update({ location: { lng: hit.lng, lat: hit.lat, label: hit.name }, address: hit.context ? `${hit.context} · ${hit.name}` : hit.name })
    placeQuery.value = ''
  }

  // ---- duplicate check ----
  const near = useRequest((at: { lng: number; lat: number }, signal) => fetcher.nearby(at, signal))
  watch(
    () => (form.value.location ? `${form.value.location.lng},${form.value.location.lat}` : null),
    (key) => {
      const loc = form.value.location
      if (key === null || !loc) return near.reset()
      void near.execute({ lng: loc.lng, lat: loc.lat })
    },
  )
  const nearby = computed(() => (form.value.location ? (near.data.value?.items ?? []) : []))

  // ---- save ----
  const saving = shallowRef(false)
  const saveError = shallowRef<ApiError | null>(null)
  const lastSaved = shallowRef<CaseView | null>(null)
  const create = useRequest((body: ReturnType<typeof buildIntakeRequest>, signal) => fetcher.create(body, signal))

  function reset() {
    form.value = emptyIntakeForm(form.value.source)
    showErrors.value = false
    placeQuery.value = ''
    near.reset()
  }

  async function save(): Promise<CaseView | undefined> {
    showErrors.value = true
    if (Object.keys(errors.value).length || saving.value) return undefined
    saving.value = true
    saveError.value = null
    try {
      const created = await create.execute(buildIntakeRequest(form.value, categoryName.value))
      if (!created) {
        saveError.value = create.error.value
        return undefined
      }
      lastSaved.value = created
      reset()
      options.onSaved?.(created)
      return created
    } finally {
      saving.value = false
    }
  }

  onScopeDispose(() => {
    if (typing) clearTimeout(typing)
  })

  return {
    form, update, categoryName, errors, showErrors, placeQuery, placeHits, placesLoading: search.loading, choosePlace,
    nearby, nearbyLoading: near.loading, nearbyError: near.error, saving, saveError, lastSaved, save, reset,
  }
}
