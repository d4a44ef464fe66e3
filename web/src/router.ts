/**
 * History-mode routes; the server answers unknown non-API paths with index.html so deep links work.
 * Views load lazily: the map engines are only fetched by the views that draw a map.
 */
import { shallowRef } from 'vue'
import { createRouter, createWebHistory } from 'vue-router'

declare module 'vue-router' {
  interface RouteMeta {
    /** The page title before " · 红色领航". */
    title?: string
    /** False for a page that fills the whole window without the app's navigation (the wall display). @default true */
    chrome?: boolean
  }
}

const ExploreView = () => import('./views/ExploreView.vue')

export const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/', redirect: '/explore' },
    { path: '/screen', name: 'screen', component: () => import('./views/ScreenView.vue'), meta: { title: '态势大屏', chrome: false } },
    { path: '/explore/:areaId?', name: 'explore', component: ExploreView, meta: { title: '领导下钻' } },
    {
      path: '/explore/:areaId/building/:buildingId',
      name: 'explore-building',
      component: ExploreView,
      meta: { title: '领导下钻' },
    },
    { path: '/planner', name: 'planner', component: () => import('./views/PlannerView.vue'), meta: { title: '规划' } },
    { path: '/:rest(.*)*', name: 'not-found', component: () => import('./views/NotFoundView.vue') },
  ],
})

/**
 * A lazily loaded view that fails to load is most often a redeploy: the page still asks for the old
 * chunk names. Reload once to the target so a wall display recovers by itself; a second failure is
 * left to the error banner instead of looping.
 */
const RELOAD_FLAG = 'hongse:chunk-reload'
export const routeLoadError = shallowRef<string | null>(null)

router.onError((err: unknown, to) => {
  const message = err instanceof Error ? err.message : String(err)
  const chunkFailure = /dynamically imported module|Importing a module script failed|module script/i.test(message)
  if (chunkFailure && !sessionStorage.getItem(RELOAD_FLAG)) {
    sessionStorage.setItem(RELOAD_FLAG, '1')
    window.location.assign(to.fullPath)
    return
  }
  routeLoadError.value = `页面加载失败：${message}`
})

router.afterEach((to) => {
  sessionStorage.removeItem(RELOAD_FLAG)
  routeLoadError.value = null
  document.title = to.meta.title ? `${to.meta.title} · 红色领航` : '红色领航'
})
