/**
 * Where a callback step's message goes besides the event bus: the queue mapping of
 * godwit.config.yaml's `workflows.queues`, the same one state machines' `sqs:sendMessage` tasks
 * use (docs/workflows-integrations.md), so one local consumer serves a queue whoever sends to it.
 * Keys are queue URLs or globs; the first entry that matches the step's `SqsQueueUrl` wins:
 *
 *   workflows:
 *     queues:
 *       "https://sqs.*.amazonaws.com/*\/approvals": { command: [python3, ./approve.py] }
 *       "*\/audit": { event: true }
 *
 * A `command` gets SQS's message as JSON on stdin, `{QueueUrl, MessageBody, MessageAttributes}`,
 * `MessageBody` being the callback message as a JSON string (what a Lambda reading SQS gets in
 * `Records[].body`); its output goes to the step's log and a non-zero exit fails the step. An
 * `event: true` entry or no entry at all: the event on the bus is the delivery (it is published
 * whatever the mapping). Delivery is at least once, as SQS's is: a step resumed after a restart
 * sends its still-waiting token's message again.
 */
import { spawn } from 'node:child_process';
import { dirname } from 'node:path';
import { type QueueEntry, queueFor } from '../config/config-workflows.js';
import { StepFailure } from '../runtime/step-failure.js';
import type { CallbackMessage } from './callback-message.js';

/** One `workflows.queues` entry (config-workflows.ts): a queue URL or glob, and its command or `event: true`. */
export type CallbackQueue = QueueEntry;

export interface Delivery {
  readonly queues: readonly CallbackQueue[];
  readonly logFd: number;
  readonly log: (line: string) => void;
  readonly signal: AbortSignal;
}

/** Sends the message to the queue's command, if the queue maps to one; says where it went. */
export async function deliverCallback(message: CallbackMessage, d: Delivery): Promise<void> {
  const entry = queueFor(d.queues, message.queueUrl);
  if (!entry?.command) {
    d.log(
      `Callback message for ${message.queueUrl} published as an event on the bus only${entry ? '' : ' (no workflows.queues entry maps it)'}.`,
    );
    return;
  }
  const body = { QueueUrl: message.queueUrl, MessageBody: JSON.stringify(message), MessageAttributes: {} };
  d.log(`Callback message sent to ${entry.command.join(' ')} (workflows.queues "${entry.pattern}").`);
  const code = await runWithStdin(entry.command, JSON.stringify(body), dirname(entry.file), d);
  if (code !== 0)
    throw new StepFailure(
      'E_CALLBACK_DELIVERY',
      'error',
      `the command serving queue ${message.queueUrl} (${entry.command.join(' ')}) exited with ${code}; its output is in the step's log.`,
      {
        retryable: false,
        hint: `Fix the command mapped by workflows.queues "${entry.pattern}" in ${entry.file}, then retry the execution.`,
      },
    );
}

function runWithStdin(command: readonly string[], input: string, cwd: string, d: Delivery): Promise<number | string> {
  return new Promise((resolve, reject) => {
    const [program = '', ...args] = command;
    const child = spawn(program, args, { cwd, stdio: ['pipe', d.logFd, d.logFd], detached: true });
    // Its own process group, so a stop ends what it started too.
    const kill = () => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGTERM');
      } catch {}
    };
    d.signal.addEventListener('abort', kill, { once: true });
    child.on('error', (err) => {
      d.signal.removeEventListener('abort', kill);
      reject(
        new StepFailure('E_CALLBACK_DELIVERY', 'error', `could not run ${program} for its callback queue: ${err.message}.`, {
          retryable: false,
          hint: 'Check the command of the matching workflows.queues entry in godwit.config.yaml.',
        }),
      );
    });
    child.on('close', (code, signal) => {
      d.signal.removeEventListener('abort', kill);
      if (d.signal.aborted) reject(d.signal.reason);
      else resolve(code ?? `signal ${signal}`);
    });
    child.stdin?.on('error', () => {});
    child.stdin?.end(input);
  });
}
