import { GodwitError } from '../core/errors.js';
import { JOB_KINDS, type JobKindSpec } from './job-kind.js';
import type { JobKind } from './job-records.js';

/** A kind's spec from `kinds` (`JOB_KINDS` by default), loaded on first use; a kind not installed is refused by name. */
export function loadJobKind(kind: JobKind, kinds: Partial<Record<JobKind, () => Promise<JobKindSpec>>> = JOB_KINDS) {
  const load = kinds[kind];
  if (!load)
    throw new GodwitError('E_JOB_KIND_UNAVAILABLE', `This Godwit cannot run ${kind} jobs: no ${kind} job kind is installed.`, {
      hint: 'Update Godwit: the job kinds it runs are listed in src/jobs/job-kind.ts (JOB_KINDS).',
    });
  return load();
}
