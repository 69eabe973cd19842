import { readFile } from 'node:fs/promises';
import { GodwitError } from '../core/errors.js';
import type { MetadataStore } from '../meta/metadata-store.js';
import { requireRun } from '../meta/run-status.js';

/** One attempt's log, as `godwit runs logs` and `GET /api/v1/runs/{id}/steps/{step}/logs` give it. */
export interface StepLog {
  readonly runId: string;
  readonly step: string;
  readonly attempt: number;
  /** Absent when the attempt wrote no log (in-process steps that logged nothing). */
  readonly logPath?: string;
  /** The log's text; absent with `logPath` when there is none, or when the file is gone (`missing`). */
  readonly text?: string;
  readonly missing?: boolean;
}

/** The log of a step's last attempt, or of `attempt`; errors name the run's steps or the step's attempts. */
export async function readStepLog(
  store: MetadataStore,
  home: string,
  runId: string,
  step: string,
  attempt?: number,
): Promise<StepLog> {
  const run = await requireRun(store, home, runId);
  if (!run.ir.steps.some((s) => s.name === step)) {
    throw new GodwitError('E_STEP_NOT_FOUND', `Run ${runId} has no step "${step}".`, {
      hint: `Its steps: ${run.ir.steps.map((s) => s.name).join(', ')}.`,
    });
  }
  const attempts = await store.listAttempts(runId, step);
  const chosen = attempt === undefined ? attempts.at(-1) : attempts.find((a) => a.attempt === attempt);
  if (!chosen) {
    const which = attempt === undefined ? 'any attempt' : `attempt ${attempt}`;
    const known = attempts.length ? ` (attempts: ${attempts.map((a) => a.attempt).join(', ')})` : '';
    throw new GodwitError('E_LOG_NOT_FOUND', `Step "${step}" of run ${runId} has no ${which}${known}.`, {
      hint: attempts.length ? undefined : 'It did not run (skipped, cached or not reached); see godwit runs show.',
    });
  }
  const base = { runId, step, attempt: chosen.attempt, logPath: chosen.logPath };
  if (!chosen.logPath) return base;
  const text = await readFile(chosen.logPath, 'utf8').catch(() => undefined);
  return text === undefined ? { ...base, missing: true } : { ...base, text };
}
