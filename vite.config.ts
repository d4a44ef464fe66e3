import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'

/** The API server the dev server forwards to; the production build is served by that server itself. */
const apiTarget = process.env.VITE_API_TARGET ?? 'http://127.0.0.1:8080'

const proxied = ['/api', '/tiles', '/open311']

export default defineConfig({
  root: fileURLToPath(new URL('./web', import.meta.url)),
  plugins: [vue()],
  build: {
    outDir: fileURLToPath(new URL('./dist/web', import.meta.url)),
    emptyOutDir: true,
    // maplibre-gl and deck.gl are each ~1 MB minified and cannot be split further; warn only past that.
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      output: {
        // Keep the two map engines in their own long-cached chunks, apart from app code that changes often.
        codeSplitting: {
          groups: [
            // Vite's own runtime (the helper behind every lazy import) in a chunk of its own: left to itself it
            // lands in the first group that uses it, and every page then downloaded deck.gl to run it.
            { name: 'vite-runtime', test: /^\0vite\//, priority: 10 },
            { name: 'maplibre', test: /node_modules[\\/]maplibre-gl/ },
            { name: 'deckgl', test: /node_modules[\\/](@deck\.gl|@luma\.gl|@math\.gl|@loaders\.gl|@probe\.gl)/ },
            { name: 'echarts', test: /node_modules[\\/](echarts|zrender)/ },
          ],
        },
      },
    },
  },
  server: {
    proxy: {
      ...Object.fromEntries(proxied.map((p) => [p, { target: apiTarget, changeOrigin: true }])),
      '/socket.io': { target: apiTarget, changeOrigin: true, ws: true },
    },
  },
})
