import type { Clock } from '../../core/clock.js';
import type { QueryLanguage } from '../asl/asl-types.js';
import type { DataFlow } from '../asl/data-flow.js';
import type { WorkflowCatalog } from '../workflow-catalog.js';
import type { MapItemIo } from './map-item-io.js';
import type { TaskIntegrations } from './task-integration.js';
import type { TokenWaits } from './token-waits.js';

/** What an execution's run is built with: the engine's collaborators, shared by all its runs. */
export interface RunDeps {
  readonly catalog: WorkflowCatalog;
  readonly clock: Clock;
  readonly integrations: TaskIntegrations;
  readonly itemIo: MapItemIo;
  readonly flows: (language: QueryLanguage) => DataFlow;
  readonly tokens: TokenWaits;
  readonly log: (line: string) => void;
  /** Uniform in [0, 1): FULL jitter of retries. */
  readonly random?: () => number;
}

/**
 * Why a run's signal aborted: StopExecution (`ABORTED`), the execution's `TimeoutSeconds`
 * (`TIMED_OUT`), or the engine closing (the execution stays RUNNING for the next `recover`).
 */
export class RunStop extends Error {
  constructor(
    readonly kind: 'aborted' | 'timed-out' | 'closing',
    readonly error?: string,
    readonly causeText?: string,
  ) {
    super(`execution ${kind}`);
    this.name = 'RunStop';
  }
}
