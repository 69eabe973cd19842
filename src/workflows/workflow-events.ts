import type { NewEvent } from '../events/event-envelope.js';
import type { ExecutionRecord } from './workflow-service.js';

/**
 * "Step Functions Execution Status Change", as EventBridge delivers it (source `aws.states`):
 * dates in epoch milliseconds, absent values as null, input and output as JSON text.
 */
export function executionStatusChange(e: ExecutionRecord, at: Date): NewEvent {
  return {
    source: 'aws.states',
    detailType: 'Step Functions Execution Status Change',
    time: at,
    resources: [e.executionArn],
    detail: {
      executionArn: e.executionArn,
      stateMachineArn: e.stateMachineArn,
      name: e.name,
      status: e.status,
      startDate: e.startDate.getTime(),
      stopDate: e.stopDate ? e.stopDate.getTime() : null,
      input: e.input,
      output: e.output ?? null,
      inputDetails: { included: true },
      outputDetails: e.output === undefined ? null : { included: true },
      error: e.error ?? null,
      cause: e.cause ?? null,
    },
  };
}
