import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { GodwitHome } from '../core/home.js';
import { LocalBackgroundRuns } from '../pipelines/local-background-runs.js';
import { PipelineService } from '../pipelines/pipeline-service.js';
import type { StoreOptions } from '../store/index.js';
import { LOCAL_S3_CREDENTIALS, localS3Endpoint, s3StepEnv } from './aws/s3/s3-endpoint.js';
import type { AppServices } from './server-context.js';

/**
 * The server's pipeline service: executions run in this process as background runs whose steps
 * reach this server's S3 door (and, through `AWS_ENDPOINT_URL`, its SageMaker door), and whose
 * definitions are imported by the SageMaker importer, loaded on the first start. `url` is read
 * when a run starts: the server knows it only once it listens.
 */
export function serverPipelines(services: AppServices, home: GodwitHome, url: () => string): PipelineService {
  const storeOptions = (): StoreOptions => ({
    home: home.root,
    s3: { endpoint: url(), forcePathStyle: true },
    env: { AWS_ACCESS_KEY_ID: LOCAL_S3_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: LOCAL_S3_CREDENTIALS.secretAccessKey },
  });
  const runs = new LocalBackgroundRuns({
    services,
    concurrency: availableParallelism(),
    stepEnv: () => s3StepEnv(localS3Endpoint(url())),
    inputStores: storeOptions,
  });
  return new PipelineService({
    catalog: services.metadata.pipelines,
    runs,
    store: services.metadata.store,
    importDefinition: async (definition, options) =>
      (await import('../import/sagemaker/index.js')).importSageMakerDefinition(definition, options),
    stagingDir: join(home.root, 'pipelines'),
    storeOptions,
  });
}
