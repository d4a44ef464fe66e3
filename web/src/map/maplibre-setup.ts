/**
 * maplibre-gl 6 starts its workers from `new URL('./maplibre-gl-worker.mjs', import.meta.url)`, which
 * points nowhere once Vite has bundled or pre-bundled the library; hand it the worker file's real URL.
 */
import { setWorkerUrl } from 'maplibre-gl'
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url'
import 'maplibre-gl/dist/maplibre-gl.css'

let done = false

export function setupMaplibre(): void {
  if (done) return
  setWorkerUrl(workerUrl)
  done = true
}
