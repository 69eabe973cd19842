import type { EventEnvelope } from '../event-envelope.js';
import type { Target } from './eventbridge-records.js';

/** Which rule a delivery is for, and a key that is the same on every retry of the same delivery. */
export interface DeliveryContext {
  readonly ruleArn: string;
  readonly ruleName: string;
  /**
   * Stable per (event, rule, target, replay): a target that can deduplicate (a state machine's
   * execution name, a pipeline's ClientRequestToken) uses it, so a retry after a crash between
   * the invocation and its record starts nothing twice.
   */
  readonly deliveryKey: string;
}

/**
 * Delivers one event's input to one target. `input` is what the target's Input / InputPath /
 * InputTransformer made of the event (the event's JSON when none is given); `event` is the
 * matched event itself (a bus target re-publishes it, a pipeline target reads its parameters'
 * `$.…` paths from it). Resolves when the target accepted the input (a pipeline or state
 * machine execution started, a command exited 0, the event stored on the other bus); it does
 * not wait for the work to finish.
 *
 * Rejects with `TargetFailure` to say how to go on: a retriable failure (`retriable: true`) is
 * tried again with backoff under the target's RetryPolicy; a non-retriable one (the target is
 * not there, the input is refused) is dead-lettered at once, as EventBridge does for missing
 * resources and permissions. Any other rejection counts as a retriable `TARGET_ERROR`.
 *
 * Kinds, by ARN (`arnTargetInvoker` dispatches; each kind is its own file):
 *   arn:aws:sagemaker:REGION:ACCOUNT:pipeline/NAME          StartPipelineExecution with SageMakerPipelineParameters
 *   arn:aws:states:REGION:ACCOUNT:stateMachine:NAME         StartExecution with the input
 *   arn:aws:events:REGION:ACCOUNT:event-bus/NAME            PutEvents of the same event on that bus
 *   arn:godwit:command:REGION:ACCOUNT:command/NAME          a command from configuration (`events.commands.NAME`: argv), input on stdin
 */
export interface TargetInvoker {
  invoke(target: Target, input: string, event: EventEnvelope, context: DeliveryContext): Promise<void>;
}

/** How a target failed: `code` is EventBridge's dead-letter ERROR_CODE (`NO_RESOURCE`, `TIMEOUT`, …). */
export class TargetFailure extends Error {
  readonly errorCode: string;
  readonly retriable: boolean;

  constructor(errorCode: string, message: string, options: { retriable: boolean; cause?: unknown }) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'TargetFailure';
    this.errorCode = errorCode;
    this.retriable = options.retriable;
  }
}

/** A target's ARN, parsed to the kind of target and the resource's name. */
export type TargetKind = 'sagemaker-pipeline' | 'state-machine' | 'event-bus' | 'command';

const KINDS: readonly [RegExp, TargetKind][] = [
  [/^arn:aws[\w-]*:sagemaker:[^:]*:[^:]*:pipeline\/([^/]+)$/, 'sagemaker-pipeline'],
  [/^arn:aws[\w-]*:states:[^:]*:[^:]*:stateMachine:([^:]+)$/, 'state-machine'],
  [/^arn:aws[\w-]*:events:[^:]*:[^:]*:event-bus\/([^/]+)$/, 'event-bus'],
  [/^arn:godwit:command:[^:]*:[^:]*:command\/(.+)$/, 'command'],
];

export function targetKind(arn: string): { readonly kind: TargetKind; readonly name: string } | undefined {
  for (const [pattern, kind] of KINDS) {
    const m = pattern.exec(arn);
    if (m) return { kind, name: m[1] as string };
  }
  return undefined;
}
