import type { AttemptRecord } from '../meta/metadata-store.js';
import { endGroup, readProcessRecord, stillRunning } from './live-process.js';
import type { Services } from './step-context.js';
import { attemptPaths } from './workspace.js';

/**
 * Closes what an earlier execution of a run left open because Godwit died without ending it
 * (kill -9, a crash, a power cut): attempts still recorded as `running`. Each becomes
 * `interrupted`, so no attempt stays `running` forever.
 *
 * A step process such an attempt started may still run: it leads its own process group, so
 * nothing ended it when Godwit died. It is ended here (SIGTERM, then SIGKILL) rather than the
 * resume being refused, because nothing can ever use its work: the Godwit that would have
 * collected its outputs is gone, the resume is about to run the step again, and two copies would
 * write the same output folders. Refusing would only leave the user to find and kill it by hand.
 *
 * Returns one sentence per process ended, for the display.
 */
export async function closeOrphanedAttempts(runId: string, runDir: string, services: Services): Promise<string[]> {
  const { store } = services.metadata;
  const open = (await store.listAttempts(runId)).filter((a) => a.status === 'running');
  const said: string[] = [];
  for (const attempt of open) {
    const ended = await endLeftoverProcess(runDir, attempt);
    if (ended) said.push(ended);
    const at = services.clock.now();
    const closed: AttemptRecord = {
      ...attempt,
      status: 'interrupted',
      endedAt: at,
      failureKind: 'interrupted',
      error: `Godwit ended before this attempt did (killed or crashed); closed when the run was resumed${ended ? ', after ending its process' : ''}.`,
    };
    const event = {
      runId,
      step: attempt.step,
      at,
      type: 'attempt-interrupted',
      message: ended ?? `attempt ${attempt.attempt} was left running by an execution that died; closed as interrupted`,
    };
    await store.write([{ attempt: closed }, { event }]);
  }
  return said;
}

async function endLeftoverProcess(runDir: string, attempt: AttemptRecord): Promise<string | undefined> {
  const record = readProcessRecord(attemptPaths(runDir, attempt.step, attempt.attempt).process);
  if (!record || !stillRunning(record)) return undefined;
  await endGroup(record.group);
  return `Step "${attempt.step}": ended process ${record.pid} (${record.command}) and its process group, still running from attempt ${attempt.attempt} of an execution of this run that died, so the step does not run twice.`;
}
