import type { RunRecord } from '../meta/metadata-store.js';
import type { Services } from '../runtime/step-context.js';

/**
 * Whether an execution a dead server left running was only waiting on callback tokens: every
 * step it left running is a callback step whose token is still open (or was answered while no
 * one listened), and nothing else was. Such an execution loses nothing by the restart — its
 * tokens live in the database — so a starting server resumes it instead of failing it
 * (execution-recovery.ts), and the answer, whenever it comes, finishes it.
 */
export async function waitsOnCallbacksOnly(run: RunRecord, services: Services): Promise<boolean> {
  const running = (await services.metadata.store.listSteps(run.id)).filter((s) => s.status === 'running');
  if (running.length === 0) return false;
  const kinds = new Map(run.ir.steps.map((s) => [s.name, s.type]));
  for (const step of running) {
    if (kinds.get(step.name) !== 'callback') return false;
    const token = await services.metadata.pipelines.callbackOf(run.id, step.name);
    if (token?.status === 'failed') return false;
  }
  return true;
}
