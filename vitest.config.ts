import { defineConfig } from 'vitest/config'

/**
 * Three projects. `unit` is pure code (engine, domain, generator, web logic) and never waits for a
 * database; `db` runs the API and database tests on the shared test databases; `e2e` drives Chromium
 * against the real app. `npm test` runs all three; `npm run test:unit` only the first.
 */
const PURE_SERVER = ['tests/server/{batcher,cases-domain,db-unavailable,export-files,input-rules,layering,live-sequencer,mask,per-revision,postgis-bundle,units,circles-domain,property-ranking,party-tree,hotspots-domain,hotspots-scheduler,history-generator,place-label,plans-domain}.test.ts']
const UNIT = ['tests/contract/**/*.test.ts', 'tests/engine/**/*.test.ts', 'tests/geodata/{generate.*,osm-*,grid-*}.test.ts', 'tests/web/**/*.test.ts', ...PURE_SERVER]
// Engine tests that compare against a real PostgreSQL with pgRouting.
const ENGINE_DB = ['tests/engine/pgrouting-agreement.test.ts']

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 240_000,
    pool: 'forks',
    maxWorkers: 2,
    reporters: ['default'],
    projects: [
      {
        extends: true,
        // Pure files share no mutable state (stubs and fake timers are undone in afterEach), so one module
        // graph per worker thread is safe and saves re-importing deck.gl, turf and the generator per file.
        test: { name: 'unit', include: UNIT, exclude: ENGINE_DB, testTimeout: 30_000, pool: 'threads', isolate: false },
      },
      {
        extends: true,
        test: {
          name: 'db',
          include: ['tests/server/**/*.test.ts', 'tests/geodata/load-dataset.test.ts', 'tests/geodata/import-*.test.ts', ...ENGINE_DB],
          exclude: PURE_SERVER,
          globalSetup: ['tests/global-setup.ts'],
        },
      },
      { extends: true, test: { name: 'e2e', include: ['tests/e2e/**/*.test.ts'], globalSetup: ['tests/global-setup.ts', 'tests/e2e/global-build.ts'] } },
    ],
  },
})
