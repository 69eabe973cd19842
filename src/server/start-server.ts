import { type GodwitConfig, loadConfig } from '../config/config.js';
import { type Clock, systemClock } from '../core/clock.js';
import type { GodwitHome } from '../core/home.js';
import { clockFromEnv } from '../core/scaled-clock.js';
import type { MissedPolicy } from '../events/schedules/missed-policy.js';
import { makeAuthorize } from '../governance/principals/policy.js';
import { resolveRunSession } from '../governance/principals/run-sessions.js';
import type { MonitoringJobs } from '../monitor/schedules/monitoring-jobs.js';
import { resumeWaiting } from '../pipelines/callback-resume.js';
import { recoverExecutions } from '../pipelines/execution-recovery.js';
import { type ArtifactLocation, openLocalServices } from '../runtime/local-services.js';
import { type ServerHost, serverHost } from '../serving/host/server-host.js';
import { serverlessIdleFromEnv } from '../serving/host/serverless-idle.js';
import type { StoreOptions } from '../store/index.js';
import { accessLine, errorLines } from './access-log.js';
import { Authenticator } from './auth/authenticator.js';
import { localS3Credentials, localS3Env } from './aws/s3/s3-endpoint.js';
import { serverAlarms } from './aws/sagemaker/deployment-config-input.js';
import { invokeFastPath } from './aws/sagemaker-runtime/invoke-fast-path.js';
import { dispatcher } from './dispatch.js';
import { serverEvents } from './events/server-event-targets.js';
import { FRONT_DOORS } from './front-doors.js';
import { listen } from './http/http-server.js';
import type { ServerContext } from './server-context.js';
import { claimHome, releaseHome, type ServerRecord, updateRecord } from './server-files.js';
import { serverJobs } from './server-jobs.js';
import { ServerLifecycle } from './server-lifecycle.js';
import { checkHostAllowed, isLoopbackHost } from './server-options.js';
import { serverPipelines } from './server-pipelines.js';
import { serverWorkflows } from './server-workflows.js';

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
/** How `startServer` listens and what it serves with. */
export interface StartServerOptions {
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
   * The time endpoints, metrics, rollouts, alarms, scaling and async requests run on; by default
   * `GODWIT_CLOCK_SPEED` (a scaled clock, for labs and tests), else the system clock.
   */
  clock?: Clock;
  /** How long a serverless endpoint's instance may be unused before it stops; `GODWIT_SERVERLESS_IDLE_SECONDS`, else 5 minutes. */
  serverlessIdleMs?: number;
  /** The monitoring jobs schedules run, by `MonitoringType`; `MONITORING_JOBS` by default. */
  monitoringJobs?: MonitoringJobs;
  /** What EventBridge schedule times missed while no server ran do; `GODWIT_MISSED_SCHEDULES`, else `run-once`. */
  missedSchedules?: MissedPolicy;
}

export async function startServer(home: GodwitHome, options: StartServerOptions): Promise<RunningServer> {
  const startedAt = new Date();
  const record: ServerRecord = { pid: process.pid, home: home.root, startedAt: startedAt.toISOString() };
  await claimHome(home, record);
  try {
    const clock = options.clock ?? clockFromEnv(process.env);
    // Godwit's own local S3 key: this home's, derived from its secrets key (made here on first need).
    const localS3 = await localS3Credentials(home.root);
    const opened = await openLocalServices(home, undefined, clock, undefined, options.artifacts);
    await checkHostAllowed(options.host, () => opened.metadata.principals.anyCredentials()).catch(async (err) => {
      await opened.close();
      throw err;
    });
    // Model data, capture and async payloads on `s3://` reach this server's own S3 door, with its local keys.
    const storeOptions = () => ({
      home: home.root,
      s3: { endpoint: context.url, forcePathStyle: true },
      env: localS3Env(localS3),
    });
    const serving = endpointHost(home, options, clock, opened, storeOptions);
    const lifecycle = new ServerLifecycle({
      home,
      clock,
      log: options.log,
      tickMs: options.endpointTickMs,
      opened,
      serving,
      storeOptions,
      monitoringJobs: options.monitoringJobs,
    });
    // Front doors see the catalog that wakes the host, so CreateEndpoint starts serving at once.
    const config = options.config ?? loadConfig({ cwd: process.cwd(), env: process.env });
    const services = { ...opened, metadata: lifecycle.metadata(), callbackQueues: config.workflows?.queues };
    // The URL is read when a job starts, by which time the server listens and knows it.
    const jobs = serverJobs(home, config, services, () => context.url, localS3);
    const workflows = serverWorkflows({
      services,
      jobs: jobs.service,
      context: () => context,
      storeOptions,
      config: config.workflows,
      clock,
      log: options.log,
    });
    // Targets reach the pipelines the context holds by the time the first event is delivered.
    const events = serverEvents(opened.metadata, clock, options, () => context);
    const context: { -readonly [K in keyof ServerContext]: ServerContext[K] } = {
      services,
      home,
      clock,
      url: '',
      startedAt,
      logError: (err, requestId) => options.log(errorLines(err, requestId)),
      authorize: makeAuthorize(opened.metadata.accessLog, { onError: (err) => options.log(errorLines(err, 'access-log')) }),
      endpoints: serving.host,
      asyncInference: lifecycle.asyncInference,
      jobs: jobs.service,
      pipelines: serverPipelines(services, home, jobs.runs, jobs.storeOptions, config.images),
      warehouses: jobs.warehouses,
      defaultWarehouse: jobs.defaultWarehouse,
      alarms: lifecycle.alarms,
      workflows,
      events: events.service,
    };
    // Signatures are dated by the clients' real clocks, so their skew is judged on the system clock, never a scaled one.
    const auth = new Authenticator({
      principals: opened.metadata.principals,
      clock: systemClock,
      exposed: !isLoopbackHost(options.host),
      localS3,
      runSessions: (accessKeyId) =>
        resolveRunSession(accessKeyId, {
          homeRoot: home.root,
          runs: opened.metadata.store,
          principals: opened.metadata.principals,
        }),
    });
    const http = await listenWith(options, context, auth).catch(async (err) => {
      await opened.close();
      throw err;
    });
    context.url = `http://${options.host}:${http.port}`;
    // Stops in the order things depend on each other: no new requests, executions, background work, jobs, endpoints, the database.
    const closeAll = async (graceMs?: number) => {
      await http.close(graceMs);
      // Executions stop here unrecorded, before the jobs and pipelines their Tasks wait on close.
      // No more deliveries first: a delivery may start an execution.
      await events.close();
      await workflows.close();
      await lifecycle.close();
      await jobs.close();
      await context.pipelines.close();
      await serving.close();
      await context.authorize.flush();
      await opened.close();
    };
    const failed = (err: unknown): Promise<never> => closeAll(0).then(() => Promise.reject(err));
    // Endpoints come back before the server says where it is, so a client that finds it can invoke them.
    await serving.start().catch(failed);
    // Jobs and pipeline executions an earlier server left unfinished are settled before anyone can
    // ask about them here; asynchronous requests it held are queued again.
    await jobs
      .recover()
      .then(() => lifecycle.recover())
      .then(() => recoverExecutions(services.metadata.pipelines, services))
      .then((r) => resumeWaiting(context.pipelines, r.waiting, options.log))
      // Step Functions executions left RUNNING resume last: their Tasks re-attach to the jobs and pipelines above.
      .then(() => workflows.recover())
      .catch(failed);
    // Scaling, alarms and shadow tests start once endpoints (and their metrics) are back.
    await lifecycle.start(services).catch(failed);
    // Events are routed and schedules fire once what their targets start can run.
    await events.start().catch(failed);
    await updateRecord(home, { ...record, url: context.url, port: http.port });
    return {
      url: context.url,
      port: http.port,
      stop: async (graceMs) => {
        await closeAll(graceMs);
        await releaseHome(home);
      },
    };
  } catch (err) {
    await releaseHome(home);
    throw err;
  }
}

/** The endpoint host with every seam wired: metrics, alarms for guarded updates, serverless idling. */
function endpointHost(
  home: GodwitHome,
  options: StartServerOptions,
  clock: Clock,
  opened: Awaited<ReturnType<typeof openLocalServices>>,
  storeOptions: () => StoreOptions,
): ServerHost {
  return serverHost({
    catalog: opened.metadata.endpoints,
    metrics: opened.metadata.metrics,
    home,
    clock,
    log: options.log,
    tickMs: options.endpointTickMs,
    alarms: serverAlarms(opened),
    serverlessIdleMs: options.serverlessIdleMs ?? serverlessIdleFromEnv(process.env),
    storeOptions,
  });
}

/** Listens: the front doors, authenticated (src/server/auth), and InvokeEndpoint's fast path beside them. */
function listenWith(options: StartServerOptions, context: ServerContext, auth: Authenticator) {
  const bodyLimit = options.bodyLimit ?? BODY_LIMIT;
  return listen({
    host: options.host,
    port: options.port,
    bodyLimit,
    handle: dispatcher(FRONT_DOORS, context, (req, door) => auth.authenticate(req, door)),
    // The fast path skips the dispatcher, so it claims requests only while none need credentials.
    fast: invokeFastPath(context, bodyLimit, () => auth.open()),
    log: (entry) => options.log(accessLine(entry)),
  });
}
