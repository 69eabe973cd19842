import { hostname } from 'node:os';
import { alarmEvaluator } from '../alarms/alarm-evaluator.js';
import { type GodwitConfig, loadConfig } from '../config/config.js';
import type { Clock } from '../core/clock.js';
import type { GodwitHome } from '../core/home.js';
import { clockFromEnv } from '../core/scaled-clock.js';
import { ExperimentRunner } from '../experiments/experiment-runner.js';
import { recoverExecutions } from '../pipelines/execution-recovery.js';
import { type ArtifactLocation, openLocalServices } from '../runtime/local-services.js';
import { AsyncInference } from '../serving/async/async-inference.js';
import { serverHost } from '../serving/host/server-host.js';
import { serverlessIdleFromEnv } from '../serving/host/serverless-idle.js';
import { accessLine, errorLines } from './access-log.js';
import { LOCAL_S3_ENV } from './aws/s3/s3-endpoint.js';
import { serverAlarms } from './aws/sagemaker/deployment-config-input.js';
import { invokeFastPath } from './aws/sagemaker-runtime/invoke-fast-path.js';
import { dispatcher } from './dispatch.js';
import { FRONT_DOORS } from './front-doors.js';
import { listen } from './http/http-server.js';
import { startAutoscaling } from './server-autoscaling.js';
import type { ServerContext } from './server-context.js';
import { claimHome, releaseHome, type ServerRecord, updateRecord } from './server-files.js';
import { serverJobs } from './server-jobs.js';
import { serverPipelines } from './server-pipelines.js';

/** Request bodies up to 32 MiB by default: above SageMaker Runtime's InvokeEndpoint payload limit. */
const BODY_LIMIT = 32 * 1024 * 1024;

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  /** Stops accepting, lets requests in flight finish (up to `graceMs`), closes the services, removes the pid file. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Starts a home's server in this process: claims the home (one server per home), opens the
 * application services, listens, and records its URL in the pid file. `log` gets one line per
 * request and per unexpected error.
 */
export async function startServer(
  home: GodwitHome,
  options: {
    host: string;
    port: number;
    log: (line: string) => void;
    bodyLimit?: number;
    artifacts?: ArtifactLocation;
    /** How often the endpoint host looks for changes made by other processes; 1 s by default. */
    endpointTickMs?: number;
    /** The configuration jobs plan with (the image map, S3); read from the working folder and environment by default. */
    config?: GodwitConfig;
    /**
     * The time endpoints, metrics and (later) rollouts, alarms and scaling run on; by default
     * `GODWIT_CLOCK_SPEED` (a scaled clock, for labs and tests), else the system clock.
     */
    clock?: Clock;
    /** How long a serverless endpoint's instance may be unused before it stops; `GODWIT_SERVERLESS_IDLE_SECONDS`, else 5 minutes. */
    serverlessIdleMs?: number;
  },
): Promise<RunningServer> {
  const startedAt = new Date();
  const record: ServerRecord = { pid: process.pid, home: home.root, startedAt: startedAt.toISOString() };
  await claimHome(home, record);
  try {
    const clock = options.clock ?? clockFromEnv(process.env);
    const opened = await openLocalServices(home, undefined, clock, undefined, options.artifacts);
    const logError = (err: unknown, requestId: string) => options.log(errorLines(err, requestId));
    const serving = serverHost({
      catalog: opened.metadata.endpoints,
      metrics: opened.metadata.metrics,
      home,
      clock,
      log: options.log,
      tickMs: options.endpointTickMs,
      alarms: serverAlarms(opened),
      serverlessIdleMs: options.serverlessIdleMs ?? serverlessIdleFromEnv(process.env),
      // Model data and capture on `s3://` reach this server's own S3 door, with its local keys.
      storeOptions: () => ({ home: home.root, s3: { endpoint: context.url, forcePathStyle: true }, env: LOCAL_S3_ENV }),
    });
    // Shadow tests (inference experiments) run on the same clock; a change through a door wakes them.
    const experiments = new ExperimentRunner({ clock, log: options.log, tickMs: options.endpointTickMs });
    // Front doors see the catalog that wakes the host, so CreateEndpoint starts serving at once.
    const services = {
      ...opened,
      metadata: { ...opened.metadata, endpoints: serving.catalog, experiments: experiments.wrap(opened.metadata.experiments) },
    };
    const asyncInference = new AsyncInference({
      queue: opened.metadata.asyncQueue,
      catalog: opened.metadata.endpoints,
      host: serving.host,
      metrics: opened.metadata.metrics,
      clock,
      storeOptions: () => ({ home: home.root, s3: { endpoint: context.url, forcePathStyle: true }, env: LOCAL_S3_ENV }),
      // One server per home: what this owner held when it died is nobody else's.
      owner: `${hostname()}:${home.root}`,
      tickMs: options.endpointTickMs,
      log: options.log,
    });
    const config = options.config ?? loadConfig({ cwd: process.cwd(), env: process.env });
    // The URL is read when a job starts, by which time the server listens and knows it.
    const jobs = serverJobs(home, config, services, () => context.url);
    const context: { -readonly [K in keyof ServerContext]: ServerContext[K] } = {
      services,
      home,
      clock,
      url: '',
      startedAt,
      logError,
      endpoints: serving.host,
      asyncInference,
      jobs: jobs.service,
      pipelines: serverPipelines(services, home, jobs.runs, jobs.storeOptions, config.images),
      alarms: alarmEvaluator({ alarms: services.metadata.alarms, clock, flush: serving.flushMetrics, log: options.log }),
    };
    const bodyLimit = options.bodyLimit ?? BODY_LIMIT;
    const http = await listen({
      host: options.host,
      port: options.port,
      bodyLimit,
      handle: dispatcher(FRONT_DOORS, context),
      fast: invokeFastPath(context, bodyLimit),
      log: (entry) => options.log(accessLine(entry)),
    }).catch(async (err) => {
      await opened.close();
      throw err;
    });
    context.url = `http://${options.host}:${http.port}`;
    // Endpoints come back before the server says where it is, so a client that finds it can invoke them.
    await serving.start().catch(async (err) => {
      await http.close(0);
      await serving.close();
      await opened.close();
      throw err;
    });
    // Jobs and pipeline executions an earlier server left unfinished are settled before anyone can
    // ask about them here; asynchronous requests it held are queued again.
    await jobs
      .recover()
      .then(() => asyncInference.start())
      .then(() => recoverExecutions(services.metadata.pipelines, services))
      .catch(async (err) => {
        await http.close(0);
        await asyncInference.close();
        await serving.close();
        await opened.close();
        throw err;
      });
    // Scaling starts once endpoints are back, so its first pass sees them serving, and before the
    // alarm evaluator, so the first alarm action naming a scaling policy finds its handler.
    const autoscaling = await startAutoscaling(services, clock, options.log);
    // Alarms are evaluated once endpoints (and their metrics) are back.
    context.alarms.start();
    experiments.start(services.metadata);
    await updateRecord(home, { ...record, url: context.url, port: http.port });
    return {
      url: context.url,
      port: http.port,
      stop: async (graceMs) => {
        await http.close(graceMs);
        await context.alarms.close();
        await autoscaling.close();
        await asyncInference.close();
        await experiments.close();
        await jobs.close();
        await context.pipelines.close();
        await serving.close();
        await opened.close();
        await releaseHome(home);
      },
    };
  } catch (err) {
    await releaseHome(home);
    throw err;
  }
}
