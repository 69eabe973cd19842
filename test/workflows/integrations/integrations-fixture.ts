import { join } from 'node:path';
import type { GodwitConfig } from '../../../src/config/config.js';
import { type Clock, systemClock } from '../../../src/core/clock.js';
import { godwitHome } from '../../../src/core/home.js';
import { openLocalServices } from '../../../src/runtime/local-services.js';
import type { ServerContext } from '../../../src/server/server-context.js';
import { serverJobs } from '../../../src/server/server-jobs.js';
import { serverPipelines } from '../../../src/server/server-pipelines.js';
import type { StoreOptions } from '../../../src/store/index.js';
import type { Json } from '../../../src/workflows/asl/asl-types.js';
import { integrationPattern, type TaskCall } from '../../../src/workflows/engine/task-integration.js';
import { doorSageMakerApi } from '../../../src/workflows/integrations/sagemaker/door-sagemaker-api.js';
import { OPEN_S3_CREDENTIALS, OPEN_S3_ENV } from '../../helpers/open-s3.js';
import { scratchDir } from '../../helpers/scratch.js';

/**
 * The server's application services opened in this process over a scratch home, as
 * `startServer` opens them (the job service, the pipeline service, the metadata catalogs), and
 * the SageMaker door called in-process over them: what `localIntegrations` is given in the server.
 */
export async function integrationsFixture(clock: Clock = systemClock, options: { readonly s3Endpoint?: string } = {}) {
  const root = scratchDir('godwit-integrations-');
  const home = godwitHome(join(root, 'home'));
  const services = await openLocalServices(home, undefined, clock);
  // `s3://` is another Godwit server's S3 door when given (jobs and stores reach it as a configured endpoint).
  const s3 = options.s3Endpoint ? { endpoint: options.s3Endpoint, region: 'us-east-1', forcePathStyle: true } : {};
  const config: GodwitConfig = { home: home.root, server: { port: 0 }, s3, gcs: {}, warehouses: {}, profiles: {}, files: [] };
  const url = options.s3Endpoint ?? 'http://127.0.0.1:9';
  const jobs = serverJobs(home, config, services, () => url, OPEN_S3_CREDENTIALS);
  const storeOptions = (): StoreOptions => ({ home: home.root, s3, env: { ...process.env, ...OPEN_S3_ENV } });
  const pipelines = serverPipelines(services, home, jobs.runs, storeOptions);
  const errors: unknown[] = [];
  const context = {
    services,
    home,
    clock,
    url,
    startedAt: new Date(),
    jobs: jobs.service,
    pipelines,
    logError: (err: unknown) => errors.push(err),
  } as unknown as ServerContext;
  return {
    root,
    home,
    services,
    jobs: jobs.service,
    pipelines,
    context,
    errors,
    storeOptions,
    sagemaker: doorSageMakerApi(context, 'us-east-1'),
    async close() {
      await jobs.close();
      await pipelines.close();
      await services.close();
    },
  };
}

/** A Task call as the engine makes it: `parameters` evaluated, a token per state entry and attempt. */
export function taskCall(resource: string, parameters: Json, overrides: Partial<TaskCall> = {}): TaskCall & { beats: number } {
  const call = {
    resource,
    pattern: integrationPattern(resource),
    parameters,
    executionArn: 'arn:aws:states:us-east-1:000000000000:execution:Parent:run-1',
    stateName: 'Step',
    idempotencyToken: `run-1/Step/1/${Math.random().toString(36).slice(2)}`,
    signal: new AbortController().signal,
    beats: 0,
    heartbeat() {
      call.beats++;
    },
    ...overrides,
  };
  return call;
}
