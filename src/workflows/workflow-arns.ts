import { arn, DEFAULT_REGION } from '../core/arns.js';

/**
 * Step Functions' ARNs in the local account: `stateMachine:<name>`, `execution:<machine>:<name>`
 * (`express:` for EXPRESS machines), `mapRun:<machine>/<label>:<id>`. Names are unique per account
 * and region, so the name is the key and the ARN is derived from it.
 */
export const stateMachineArn = (name: string) => arn('states', DEFAULT_REGION, `stateMachine:${name}`);

export const executionArnOf = (machine: string, name: string, express = false) =>
  arn('states', DEFAULT_REGION, `${express ? 'express' : 'execution'}:${machine}:${name}`);

export const mapRunArnOf = (machine: string, label: string, id: string) =>
  arn('states', DEFAULT_REGION, `mapRun:${machine}/${label}:${id}`);

/** The machine name of a state machine ARN, or of an execution ARN; undefined for anything else. */
export function machineNameOf(someArn: string): string | undefined {
  const m = /^arn:aws:states:[^:]*:\d+:(stateMachine|execution|express):([^:]+)/.exec(someArn);
  return m?.[2];
}
