/** `godwit gc`: removes the files of deleted runs and old copies, dry run first. */
import { defineVerb } from './command-spec.js';

export const gcOptions = {
  yes: { type: 'boolean', summary: 'Remove them; without it, only say what would be removed and what is kept.' },
  json: { type: 'boolean', summary: 'Machine-readable output: every place removed or kept, its objects, bytes and reasons.' },
  'older-than': {
    type: 'string',
    value: 'AGE',
    summary: 'Only runs deleted (and copies replaced) at least AGE ago: 30m, 12h, 7d (default: any).',
  },
} as const;

export const gcSpec = defineVerb({
  name: 'gc',
  summary: 'Remove the files of deleted runs and old copies left by moves; a dry run unless --yes',
  options: gcOptions,
  description: `Finds the files of runs deleted with godwit runs delete (their objects under runs/<run>/ in
the artifact store, and their run folders in the home) and old copies a move replaced, and says how
many objects and bytes it would remove, each URI, and why it keeps others. It never removes a
registered model version's model, metrics or report files, a SageMaker model's data, what a live
run's records name, or an artifact a lineage edge ties to a live entity (docs/gc.md). --yes removes;
a gc that was stopped midway is finished by the next one.`,
  examples: ['godwit gc', 'godwit gc --older-than 7d --json', 'godwit gc --yes'],
  load: async () => (await import('../commands/gc.js')).gc,
});
