/**
 * One launch of a contract step's process, on the host or inside bubblewrap, with an optional
 * simulated spot interruption: after the given number of seconds the process group gets SIGTERM
 * (then SIGKILL), as a reclaimed spot instance would.
 */
import { type ProcessResult, runProcess } from '../process.js';
import type { StepContext } from '../step-context.js';
import { StepFailure } from '../step-failure.js';
import type { PreparedLaunch } from './contract-workspace.js';
import { bwrapArgs } from './sandbox.js';

export type LaunchOutcome =
  | { readonly kind: 'exited'; readonly result: ProcessResult; readonly ms: number }
  | { readonly kind: 'interrupted'; readonly afterSeconds: number; readonly ms: number };

export interface LaunchOptions {
  readonly interruptAfterSeconds?: number;
  readonly onLine: (line: string) => void;
  /** Aborts the launch for a reason outside the step (spot's MaxWait). */
  readonly deadline?: AbortSignal;
}

export async function launchOnce(ctx: StepContext, p: PreparedLaunch, o: LaunchOptions): Promise<LaunchOutcome> {
  const { clock } = ctx.services;
  const interrupt = new AbortController();
  const timer = new AbortController();
  if (o.interruptAfterSeconds !== undefined) {
    clock.sleep(o.interruptAfterSeconds * 1000, timer.signal).then(
      () => interrupt.abort(),
      () => {},
    );
  }
  const signal = AbortSignal.any([ctx.signal, interrupt.signal, ...(o.deadline ? [o.deadline] : [])]);
  const [command, ...args] = p.sandbox ? ['bwrap', ...(await bwrapArgs(p.sandbox)), '--', ...p.argv] : p.argv;
  ctx.log(`$ ${p.argv.join(' ')}${p.sandbox ? `   (in bubblewrap; /opt/ml is ${ctx.workspace})` : ''}`);
  const started = clock.now().getTime();
  let result: ProcessResult;
  try {
    result = await runProcess({
      command,
      args,
      cwd: p.cwd,
      env: p.env,
      signal,
      logFd: ctx.logFd(),
      onLine: o.onLine,
      recordAs: ctx.processFile,
      wrapper: p.sandbox !== undefined,
    });
  } catch (err) {
    if (!interrupt.signal.aborted || ctx.signal.aborted || o.deadline?.aborted) throw rethrow(ctx, o, err);
    result = { exitCode: null, signal: 'SIGTERM', tail: [] };
  } finally {
    timer.abort();
  }
  const ms = clock.now().getTime() - started;
  if (ctx.signal.aborted || o.deadline?.aborted) throw rethrow(ctx, o, undefined);
  if (interrupt.signal.aborted) return { kind: 'interrupted', afterSeconds: o.interruptAfterSeconds ?? 0, ms };
  return { kind: 'exited', result, ms };
}

function rethrow(ctx: StepContext, o: LaunchOptions, err: unknown): unknown {
  if (ctx.signal.aborted) return ctx.signal.reason;
  if (o.deadline?.aborted) return o.deadline.reason;
  return err;
}

/** Explains a failed exit that bubblewrap caused or reported, before the generic log tail. */
export function explainSandboxExit(sandboxed: boolean, logPath: string): (tail: readonly string[]) => StepFailure | undefined {
  return (tail) => {
    if (!sandboxed) return undefined;
    const bwrap = tail.find((l) => l.startsWith('bwrap: '));
    if (bwrap) {
      return new StepFailure(
        'E_SANDBOX_FAILED',
        'infrastructure',
        `bubblewrap could not set up its sandbox: ${bwrap.slice('bwrap: '.length)}`,
        {
          retryable: false,
          hint: "Check the step's input and output paths, or run it on the host with GODWIT_SANDBOX=none.",
        },
      );
    }
    const readOnly = [...tail].reverse().find((l) => /Read-only file system/i.test(l));
    if (readOnly) {
      return new StepFailure(
        'E_SANDBOX_WRITE',
        'error',
        `its process tried to write outside its workspace, which bubblewrap keeps read-only:\n    ${readOnly.trim()}\n `,
        {
          retryable: false,
          hint: `Under bubblewrap a step may write to /opt/ml (its workspace), /tmp and its declared input and output paths only. Write there or declare the folder as an output; GODWIT_SANDBOX=none runs the step on the host. Full log: ${logPath}`,
        },
      );
    }
    return undefined;
  };
}
