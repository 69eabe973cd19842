/**
 * Launches a contract step's process until it finishes, the way SageMaker's managed spot training
 * does: checkpoints are restored before each launch and copied back while it runs; an interruption
 * (the step's `spot.interruptions`, or `godwit run --interrupt STEP@SECONDS`) stops the process as
 * a reclaimed instance, and the step is launched again on a fresh "instance" (empty model, output
 * and checkpoint folders, checkpoints restored). `spot.maxWaitSeconds` bounds the whole, restarts
 * included (`MaxWaitTimeInSeconds`).
 *
 * A step without `spot` that is interrupted fails with kind `interrupted`; its retry policy decides.
 *
 * Times are kept as SageMaker reports them: `TrainingTimeInSeconds` is the wall time from the
 * first launch to the end, `BillableTimeInSeconds` the time the process actually ran (interrupted
 * launches included). Real spot billing is also discounted; that is not simulated.
 */
import { mkdir, rm } from 'node:fs/promises';
import { exitFailure } from '../process-step.js';
import type { StepContext } from '../step-context.js';
import { StepFailure } from '../step-failure.js';
import { checkpointSync } from './checkpoints.js';
import { explainSandboxExit, launchOnce } from './contract-launch.js';
import { contractOptionsOf, DEFAULT_CHECKPOINT_SYNC_MS, takeInterruption } from './contract-options.js';
import type { PreparedLaunch } from './contract-workspace.js';

export interface LaunchRecord {
  readonly launches: number;
  readonly interruptions: number;
  readonly trainingSeconds: number;
  readonly billableSeconds: number;
}

export async function runWithRestarts(
  ctx: StepContext,
  p: PreparedLaunch,
  onLine: (line: string) => void,
): Promise<LaunchRecord> {
  const { clock } = ctx.services;
  const step = ctx.step;
  const spot = step.type === 'training' ? step.spot : undefined;
  const options = contractOptionsOf(ctx.services);
  const sync = p.checkpoint ? checkpointSync(p.checkpoint.hostDir, p.checkpoint.remoteDir) : undefined;
  const deadline = spot?.maxWaitSeconds === undefined ? undefined : maxWait(ctx, spot.maxWaitSeconds);
  const started = clock.now().getTime();
  let billableMs = 0;
  let interruptions = 0;
  try {
    for (let launch = 1; ; launch++) {
      if (launch > 1) await emptyFolders(p.scratch);
      if (sync && p.checkpoint) {
        const restored = await sync.restore();
        if (restored > 0)
          ctx.log(`Restored ${restored} checkpoint file(s) from ${p.checkpoint.remoteDir} into ${p.checkpoint.hostDir}.`);
        sync.start(options.checkpointSyncMs ?? DEFAULT_CHECKPOINT_SYNC_MS, clock);
      }
      const interruptAfterSeconds = spot?.interruptions?.[launch - 1] ?? takeInterruption(options, step.name);
      const outcome = await launchOnce(ctx, p, { interruptAfterSeconds, onLine, deadline: deadline?.signal }).finally(
        async () => {
          // As SageMaker does, checkpoints written before a failure or an interruption are kept.
          await sync?.stop();
        },
      );
      billableMs += outcome.ms;
      if (outcome.kind === 'exited') {
        if (outcome.result.exitCode !== 0)
          throw await exitFailure(ctx, outcome.result, p.failureFile, explainSandboxExit(p.sandbox !== undefined, ctx.logPath));
        return {
          launches: launch,
          interruptions,
          trainingSeconds: (clock.now().getTime() - started) / 1000,
          billableSeconds: billableMs / 1000,
        };
      }
      interruptions++;
      const what = `interrupted ${outcome.afterSeconds} s into launch ${launch} (simulated spot reclaim)`;
      await ctx.services.metadata.store.addEvent({
        runId: ctx.run.id,
        step: step.name,
        at: clock.now(),
        type: 'step-interrupted',
        message: what,
      });
      if (!spot) {
        throw new StepFailure('E_INTERRUPTED', 'interrupted', `it was ${what}.`, {
          hint: 'Give the step spot: {} to have Godwit restart it from its checkpoints, or a retry policy that retries "interrupted".',
        });
      }
      ctx.log(
        `Godwit: ${what}; restarting it on a fresh instance${p.checkpoint ? ' from its checkpoints' : ' (no checkpoint config: it starts over)'}.`,
      );
    }
  } finally {
    deadline?.cancel();
  }
}

function maxWait(ctx: StepContext, seconds: number): { signal: AbortSignal; cancel: () => void } {
  const controller = new AbortController();
  const timer = new AbortController();
  ctx.services.clock.sleep(seconds * 1000, timer.signal).then(
    () =>
      controller.abort(
        new StepFailure(
          'E_SPOT_MAX_WAIT',
          'timeout',
          `it did not finish within spot.maxWaitSeconds (${seconds} s), restarts included.`,
          {
            hint: 'Raise spot.maxWaitSeconds, or checkpoint more often so restarts lose less work.',
          },
        ),
      ),
    () => {},
  );
  return { signal: controller.signal, cancel: () => timer.abort() };
}

async function emptyFolders(dirs: readonly string[]): Promise<void> {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  for (const dir of dirs) await mkdir(dir, { recursive: true });
}
