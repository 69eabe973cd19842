import type { ErrorCode } from '../../core/error-codes.js';
import { GodwitError } from '../../core/errors.js';
import { ensureServer, type LiveServer } from '../../server/client.js';
import { serverPort } from '../../server/server-options.js';
import { executionArnOf, stateMachineArn } from '../../workflows/workflow-arns.js';
import { type CliIo, configOf, homeOf } from '../cli-io.js';

/**
 * `godwit workflows …` talks to the home's server (started detached when none runs) through its
 * Step Functions door, in AWS JSON 1.0 as the SDKs do. Unsigned: the router sends a request with
 * `X-Amz-Target` to that service's door, and the CLI then needs no AWS SDK at run time
 * (`@aws-sdk/client-sfn` is a development dependency only).
 */
export interface Sfn {
  readonly server: LiveServer;
  call<T = Record<string, unknown>>(action: string, input: Record<string, unknown>): Promise<T>;
}

export async function sfnOf(io: CliIo, port: string | undefined): Promise<Sfn> {
  const server = await ensureServer(homeOf(io), io, { port: serverPort(port, configOf(io).server.port) });
  return {
    server,
    async call<T>(action: string, input: Record<string, unknown>) {
      const res = await fetch(`${server.url}/`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': `AWSStepFunctions.${action}` },
        body: JSON.stringify(input),
      });
      const body = (await res.json().catch(() => ({}))) as Record<string, unknown>;
      if (!res.ok) throw fromAws(String(body.__type ?? `HTTP ${res.status}`), String(body.message ?? ''), res.status);
      return body as T;
    },
  };
}

/** Step Functions' error names back to the workflows capability's codes, so scripts match the same codes. */
const CODES: Readonly<Record<string, ErrorCode>> = {
  InvalidDefinition: 'E_ASL_INVALID',
  StateMachineDoesNotExist: 'E_WORKFLOW_NOT_FOUND',
  ExecutionDoesNotExist: 'E_WORKFLOW_NOT_FOUND',
  StateMachineAlreadyExists: 'E_WORKFLOW_EXISTS',
  ExecutionAlreadyExists: 'E_WORKFLOW_EXISTS',
  InvalidExecutionInput: 'E_WORKFLOW_INPUT',
  TaskDoesNotExist: 'E_WORKFLOW_TASK_TOKEN',
  InvalidToken: 'E_WORKFLOW_TASK_TOKEN',
  InvalidArn: 'E_ARN_INVALID',
  InvalidName: 'E_USAGE',
};

function fromAws(type: string, message: string, status: number): GodwitError {
  const name = type.slice(type.lastIndexOf('#') + 1);
  const code = CODES[name] ?? (status >= 500 ? 'E_INTERNAL' : 'E_VALIDATION');
  return new GodwitError(code, `${name}: ${message}`);
}

/** A state machine named or given by ARN. */
export function machineArn(nameOrArn: string): string {
  return nameOrArn.startsWith('arn:') ? nameOrArn : stateMachineArn(nameOrArn);
}

/** An execution given by ARN, or as `MACHINE:EXECUTION`. */
export function executionArn(ref: string): string {
  if (ref.startsWith('arn:')) return ref;
  const at = ref.indexOf(':');
  if (at <= 0) return ref;
  return executionArnOf(ref.slice(0, at), ref.slice(at + 1));
}

/** Epoch seconds (the protocol's dates) as `2026-12-06 13:05:08`. */
export const when = (seconds: unknown) =>
  typeof seconds === 'number' ? new Date(seconds * 1000).toISOString().slice(0, 19).replace('T', ' ') : '-';
