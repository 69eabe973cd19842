import { spawn } from 'node:child_process';
import type { EventEnvelope } from '../../event-envelope.js';
import type { Target } from '../eventbridge-records.js';
import { type DeliveryContext, TargetFailure, type TargetInvoker, targetKind } from '../target-invoker.js';

export interface CommandTargetOptions {
  /** Commands by name (`events.commands` in the configuration): argv, run without a shell. */
  readonly commands: Readonly<Record<string, readonly string[]>>;
  readonly cwd?: string;
  /** A command still running after this long is killed and the attempt counts as a retriable TIMEOUT; 5 minutes by default. */
  readonly timeoutMs?: number;
}

/**
 * `arn:godwit:command:REGION:ACCOUNT:command/NAME`, Godwit's own target kind: runs the
 * configured command NAME with the target's input on stdin and the delivery in its environment
 * (`GODWIT_EVENT_ID`, `GODWIT_EVENT_RULE_ARN`, `GODWIT_EVENT_RULE_NAME`, `GODWIT_DELIVERY_KEY`).
 * Exit 0 is delivered; another exit is a retriable failure with the end of stderr; a name that is
 * not configured or a program that is not there is `NO_RESOURCE`, not retried. At-least-once: a
 * command may see the same delivery key twice after a crash.
 */
export function commandTarget(options: CommandTargetOptions): TargetInvoker {
  return {
    invoke(target: Target, input: string, event: EventEnvelope, context: DeliveryContext) {
      const name = targetKind(target.arn)?.name ?? '';
      const argv = Object.hasOwn(options.commands, name) ? options.commands[name] : undefined;
      if (!argv || argv.length === 0) {
        const known = Object.keys(options.commands).join(', ') || 'none';
        return Promise.reject(
          new TargetFailure('NO_RESOURCE', `No command named "${name}" is configured (events.commands: ${known}).`, {
            retriable: false,
          }),
        );
      }
      return run(argv, input, options, {
        GODWIT_EVENT_ID: event.id,
        GODWIT_EVENT_RULE_ARN: context.ruleArn,
        GODWIT_EVENT_RULE_NAME: context.ruleName,
        GODWIT_DELIVERY_KEY: context.deliveryKey,
      });
    },
  };
}

function run(argv: readonly string[], input: string, options: CommandTargetOptions, env: Record<string, string>): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0] as string, argv.slice(1), {
      cwd: options.cwd,
      env: { ...process.env, ...env },
      stdio: ['pipe', 'ignore', 'pipe'],
    });
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 300_000);
    let timedOut = false;
    timer.unref?.();
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-2000);
    });
    child.on('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      const missing = err.code === 'ENOENT' || err.code === 'EACCES';
      reject(
        new TargetFailure(missing ? 'NO_RESOURCE' : 'TARGET_ERROR', `Command ${argv[0]} could not start: ${err.message}`, {
          retriable: !missing,
        }),
      );
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) return resolve();
      timedOut = signal === 'SIGKILL';
      const why = timedOut ? 'timed out' : `exited with ${code ?? signal}`;
      reject(
        new TargetFailure(timedOut ? 'TIMEOUT' : 'TARGET_ERROR', `Command ${argv.join(' ')} ${why}: ${stderr.trim()}`, {
          retriable: true,
        }),
      );
    });
    child.stdin.on('error', () => {});
    child.stdin.end(input);
  });
}
