/** Step Functions Task integrations onto Godwit's local services, and distributed Map item I/O over its stores. */
export { type BusEntry, type EventPublisher, outboxPublisher } from './events-integration.js';
export { type LocalIntegrationDeps, localIntegrations } from './local-integrations.js';
export { doorSageMakerApi } from './sagemaker/door-sagemaker-api.js';
export type { SageMakerApi, TaskRoles } from './sagemaker/sagemaker-api.js';
export { type StoreFactory, storeFactory } from './store-factory.js';
export { StoreMapItemIo } from './store-map-item-io.js';
export { WORKFLOW_CALLS_SCHEMA } from './workflow-calls-schema.js';
