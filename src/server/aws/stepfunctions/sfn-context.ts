import type { Clock } from '../../../core/clock.js';
import type { WorkflowService } from '../../../workflows/workflow-service.js';

/** What the Step Functions actions need: the server's workflow service, and its clock for update times. */
export interface SfnContext {
  readonly workflows: WorkflowService;
  readonly clock: Clock;
}
