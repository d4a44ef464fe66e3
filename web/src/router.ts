/**
 * History-mode routes; the server answers unknown non-API paths with index.html so deep links work.
 * Views load lazily: the map engines are only fetched by the views that draw a map.
 */
import { shallowRef } from 'vue'
import { createRouter, createWebHistory } from 'vue-router'
import { authApi } from './api/auth.ts'
import { toApiError } from './api/request.ts'
import { currentSession, homeFor, installSessionExpiry, setSession } from './composables/useSession.ts'

declare module 'vue-router' {
  interface RouteMeta {
    /** The page title before " · 红色领航". */
    title?: string
    /** False for a page that fills the whole window without the app's navigation (the wall display). @default true */
    chrome?: boolean
    /** Open to everyone (the sign-in page); every other page needs a session. */
    public?: boolean
    /** A permission the page needs (server/domain/access/policy.ts); others are sent to their home page. */
    permission?: string
  }
}

const ExploreView = () => import('./views/ExploreView.vue')

export const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/', component: { render: () => null }, meta: { title: '红色领航' } },
    { path: '/login', name: 'login', component: () => import('./views/LoginView.vue'), meta: { title: '登录', public: true, chrome: false } },
    { path: '/admin', name: 'admin', component: () => import('./views/AdminView.vue'), meta: { title: '系统管理', permission: 'admin' } },
    { path: '/screen', name: 'screen', component: () => import('./views/ScreenView.vue'), meta: { title: '态势大屏', chrome: false } },
    { path: '/explore/:areaId?', name: 'explore', component: ExploreView, meta: { title: '领导下钻' } },
    {
      path: '/explore/:areaId/building/:buildingId',
      name: 'explore-building',
      component: ExploreView,
      meta: { title: '领导下钻' },
    },
    { path: '/cases/:id', name: 'case', component: () => import('./views/CaseView.vue'), meta: { title: '诉求详情', permission: 'read_cases' } },
    { path: '/workbench', name: 'workbench', component: () => import('./views/WorkbenchView.vue'), meta: { title: '工作台', permission: 'transition' } },
    { path: '/intake', name: 'intake', component: () => import('./views/IntakeView.vue'), meta: { title: '受理', permission: 'intake' } },
    { path: '/department', name: 'department', component: () => import('./views/DepartmentView.vue'), meta: { title: '部门报到', permission: 'transition' } },
    { path: '/m', name: 'mobile', component: () => import('./views/MobileView.vue'), meta: { title: '网格员随手拍', permission: 'intake', chrome: false } },
    { path: '/planner', name: 'planner', component: () => import('./views/PlannerView.vue'), meta: { title: '规划' } },
    { path: '/planner/compare', name: 'plan-compare', component: () => import('./views/PlanCompareView.vue'), meta: { title: '方案对比', permission: 'plan' } },
    {
      path: '/planner/report',
      name: 'plan-report',
      component: () => import('./views/PlanReportView.vue'),
      meta: { title: '规划方案报告', chrome: false },
    },
    { path: '/:rest(.*)*', name: 'not-found', component: () => import('./views/NotFoundView.vue') },
  ],
})

/**
 * Every page but the sign-in page needs a session. A wall display opens /screen?kiosk=<key> once: the
 * key is traded for a session cookie and dropped from the address bar. "/" is each role's home.
 */
router.beforeEach(async (to) => {
  if (to.meta.public) return true
  const kiosk = to.query.kiosk
  if (typeof kiosk === 'string' && kiosk) {
    const query = { ...to.query }
    delete query.kiosk
    try {
      setSession(await authApi.kiosk(kiosk))
    } catch (err) {
      return { name: 'login', query: { error: toApiError(err).message } }
    }
    return { path: to.path, query, hash: to.hash, replace: true }
  }
  let me
  try {
    me = await currentSession()
  } catch {
    return true // the server is unreachable: the page shows its own error banner
  }
  if (!me) return { name: 'login', query: to.fullPath === '/' ? {} : { next: to.fullPath } }
  if (to.path === '/' || (to.meta.permission && !me.permissions.includes(to.meta.permission))) {
    const home = homeFor(me)
    return home === to.path ? true : { path: home, replace: true }
  }
  return true
})

installSessionExpiry(() => {
  const here = router.currentRoute.value
  if (!here.meta.public) void router.push({ name: 'login', query: { next: here.fullPath } })
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
