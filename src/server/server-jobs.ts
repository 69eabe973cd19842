import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { GodwitConfig } from '../config/config.js';
import type { GodwitHome } from '../core/home.js';
import { ExecutorBackgroundRuns } from '../jobs/executor-background-runs.js';
import { recoverJobs } from '../jobs/job-recovery.js';
import { LocalJobService } from '../jobs/local-job-service.js';
import { runWarehouses, type Warehouses } from '../runtime/run-warehouses.js';
import type { Services } from '../runtime/step-context.js';
import type { StoreOptions } from '../store/index.js';
import {
  configuredS3Endpoint,
  type LocalS3Credentials,
  localS3Endpoint,
  localS3Env,
  runUsesS3,
  s3StepEnv,
} from './aws/s3/s3-endpoint.js';

/** The server's jobs: the service the SageMaker door calls, and the runs under it. */
export interface ServerJobs {
  readonly service: LocalJobService;
  readonly runs: ExecutorBackgroundRuns;
  /** How the server reaches object stores (its own S3 door unless one is configured), for pipelines' imports. */
  readonly storeOptions: () => StoreOptions;
  /**
   * The configured warehouses, opened on first use and closed when nothing uses them: shared by
   * the sql steps of runs started here and the REST query API, so one DuckDB file is held once.
   */
  readonly warehouses: Warehouses;
  /** The warehouse a request naming none uses (the configuration's `defaultWarehouse`, else `default`). */
  readonly defaultWarehouse: string;
  /** Re-attaches or fails what an earlier server left unfinished. */
  recover(): Promise<void>;
  /** Ends running jobs (recorded Failed: the server stopped) and waits for their records. */
  close(): Promise<void>;
}

/**
 * Jobs as `godwit server` runs them: their steps reach the same S3 as `godwit run`'s would (the
 * configured endpoint, else this server's own S3 door at `url()`), and their `s3://` inputs are
 * read through it. `url` is a function because with `--port 0` it is known only once listening.
 */
export function serverJobs(
  home: GodwitHome,
  config: GodwitConfig,
  services: Omit<Services, 'inputStores'>,
  url: () => string,
  localS3: LocalS3Credentials,
): ServerJobs {
  const s3 = () => configuredS3Endpoint(config.s3) ?? localS3Endpoint(url(), localS3, config.s3.region);
  const inputStores = (): StoreOptions => {
    const endpoint = s3();
    const env = endpoint.local ? { ...process.env, ...localS3Env(localS3) } : process.env;
    return {
      s3: { endpoint: endpoint.endpoint, region: endpoint.region, forcePathStyle: endpoint.forcePathStyle },
      gcs: config.gcs,
      env,
      home: home.root,
    };
  };
  // The server's home, whatever the working folder's configuration says, and COPY/UNLOAD through the stores jobs use.
  const warehouses = runWarehouses((name) =>
    import('../warehouse/index.js').then((m) =>
      m.warehouseFor({ ...config, home: home.root }, name, process.env, {
        stores: async (uri) => (await import('../store/index.js')).objectIn(uri, inputStores()),
      }),
    ),
  );
  const withStores: Services = {
    ...services,
    warehouses,
    get inputStores() {
      return inputStores();
    },
  };
  const runs = new ExecutorBackgroundRuns({
    services: withStores,
    concurrency: availableParallelism(),
    stepEnv: (ir, parameters) => (runUsesS3(config.artifacts, { ir, parameters }) ? s3StepEnv(s3()) : {}),
    // A resumed run acts as whoever started it, found again by the ARN its `startedBy` records.
    principalLookup: (nameOrArn) => services.metadata.principals.get(nameOrArn),
  });
  const service = new LocalJobService({
    services: withStores,
    runs,
    planContext: async (job) => {
      // Made by the job service when it plans: a Create refused by `check` leaves no folder.
      const stagingDir = join(home.root, 'jobs', job.kind, job.name);
      // Transform jobs serve the models CreateModel recorded in the endpoints catalog.
      const models = services.metadata.endpoints;
      return { home, config, storeOptions: inputStores(), stagingDir, serverUrl: url(), models };
    },
  });
  return {
    service,
    runs,
    storeOptions: inputStores,
    warehouses,
    defaultWarehouse: config.defaultWarehouse ?? 'default',
    recover: () => recoverJobs(service, withStores),
    close: async () => {
      await service.close();
      await warehouses.close();
    },
  };
}
