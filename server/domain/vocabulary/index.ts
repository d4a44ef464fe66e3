/**
 * The project's code lists, each defined once as an `as const` tuple with its type and Chinese names.
 * Pure TypeScript with no imports: the engine, the generator, the HTTP schemas (via lib/literal-union)
 * and the web app all take their codes from here. docs/GLOSSARY.md explains the terms.
 */
export * from './geography.ts'
export * from './stations.ts'
export * from './cases.ts'
export * from './roles.ts'
export * from './hotspots.ts'
