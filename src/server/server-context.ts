import type { AlarmEvaluator } from '../alarms/alarm-evaluator.js';
import type { Clock } from '../core/clock.js';
import type { GodwitHome } from '../core/home.js';
import type { EventBridgeService } from '../events/bus/eventbridge-service.js';
import type { BatchedAuthorize } from '../governance/principals/policy.js';
import type { JobService } from '../jobs/job-service.js';
import type { PipelineService } from '../pipelines/pipeline-service.js';
import type { openLocalServices } from '../runtime/local-services.js';
import type { Warehouses } from '../runtime/run-warehouses.js';
import type { AsyncInference } from '../serving/async/async-inference.js';
import type { EndpointHost } from '../serving/host/endpoint-host.js';
import type { WorkflowService } from '../workflows/workflow-service.js';

/** The application services a server opens once at start and every front door calls. */
export type AppServices = Awaited<ReturnType<typeof openLocalServices>>;

/** What every front door gets beside the request. */
export interface ServerContext {
  readonly services: AppServices;
  readonly home: GodwitHome;
  /** The server's time (`services.clock`): the system clock, or a scaled one (`GODWIT_CLOCK_SPEED`). */
  readonly clock: Clock;
  /** The URL SDKs are given (`http://127.0.0.1:4600`). */
  readonly url: string;
  readonly startedAt: Date;
  /** The endpoints this server serves (InvokeEndpoint, live state); reconciled from `services.metadata.endpoints`. */
  readonly endpoints: EndpointHost;
  /** SageMaker training, processing and transform jobs, run in this server's background. */
  readonly jobs: JobService;
  /** SageMaker pipelines and their executions, run in this process (`server-pipelines.ts`). */
  readonly pipelines: PipelineService;
  /**
   * The configured warehouses, shared by the sql steps of runs started here and the query API
   * (`POST /api/v1/query`); `defaultWarehouse` is the one a request naming none uses.
   */
  readonly warehouses: Warehouses;
  readonly defaultWarehouse: string;
  /** Step Functions state machines and executions, run by this server's engine (`server-workflows.ts`). */
  readonly workflows: WorkflowService;
  /** CloudWatch alarms evaluated on the clock: `evaluateNow` flushes endpoint metrics and evaluates at once. */
  readonly alarms: AlarmEvaluator;
  /** InvokeEndpointAsync's queue and workers (`src/serving/async/`). */
  readonly asyncInference: AsyncInference;
  /** EventBridge's buses, rules, targets and replays; this server routes events and fires schedules (`events/server-events.ts`). */
  readonly events: EventBridgeService;
  /**
   * Whether a principal may perform an IAM action on a resource (src/governance/principals/policy.ts):
   * every front door asks it before it acts on a principal's request (`door-authorization.ts`);
   * its decisions go to the access log in batches, flushed when the server stops.
   */
  readonly authorize: BatchedAuthorize;
  /** Writes an unexpected error (with its stack) to the server's log; the caller sees only a 500. */
  logError(err: unknown, requestId: string): void;
}
