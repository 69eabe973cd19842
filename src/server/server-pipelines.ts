import { join } from 'node:path';
import type { ImageEntry } from '../config/config-images.js';
import type { GodwitHome } from '../core/home.js';
import type { BackgroundRuns } from '../jobs/background-runs.js';
import { PipelineService } from '../pipelines/pipeline-service.js';
import type { StoreOptions } from '../store/index.js';
import type { AppServices } from './server-context.js';

/**
 * The server's pipeline service: executions run in this process as background runs (the same
 * runs jobs use, so their steps reach the same S3), of the IR the SageMaker importer makes of the
 * definition, loaded on the first start. `storeOptions` reaches the stores as the server does.
 */
export function serverPipelines(
  services: AppServices,
  home: GodwitHome,
  runs: BackgroundRuns,
  storeOptions: () => StoreOptions,
  images: readonly ImageEntry[] = [],
): PipelineService {
  return new PipelineService({
    catalog: services.metadata.pipelines,
    runs,
    store: services.metadata.store,
    artifacts: services.store,
    importDefinition: async (definition, options) =>
      (await import('../import/sagemaker/index.js')).importSageMakerDefinition(definition, options),
    stagingDir: join(home.root, 'pipelines'),
    runsDir: home.runsDir,
    clock: services.clock,
    storeOptions,
    images,
  });
}
