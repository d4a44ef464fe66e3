/** The dataset contract: what a generator or importer hands the loader (geodata/lib/load-dataset.ts). */
export type * from './types.ts'
