/** The SageMaker pipeline definition importer: see sagemaker-import.ts and docs/import.md. */
export { importSageMakerDefinition } from './sagemaker-import.js';
