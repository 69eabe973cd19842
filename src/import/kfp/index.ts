/** The KFP PipelineSpec importer: see kfp-import.ts and docs/import-kfp.md. */
export { importKfpPipelineSpec } from './kfp-import.js';
