/// <reference types="vite/client" />

declare module '*.vue' {
  import type { DefineComponent } from 'vue'
  const component: DefineComponent<object, object, unknown>
  export default component
}

interface ImportMetaEnv {
  /** Origin of the API server when it is not the page's own origin (rare: the server serves this app). */
  readonly VITE_API_BASE?: string
  /** Set to 'false' to hide the window.__map / window.__explore hooks that end-to-end tests use. */
  readonly VITE_TEST_HOOKS?: string
}
