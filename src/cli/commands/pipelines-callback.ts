import type { CallbackOutcome } from '../../pipelines/pipeline-records.js';
import { EXIT, json, UsageError, write } from '../cli-io.js';
import { withMetadata } from '../open-home.js';
import type { Handler } from '../spec/command-spec.js';
import type { pipelinesCallbackOptions } from '../spec/pipelines-specs.js';

/** `godwit pipelines callback succeed|fail TOKEN`: settles the token in the home's database. */
export const pipelinesCallback: Handler<typeof pipelinesCallbackOptions> = {
  run: ({ values, positionals: [action, token], io }) => {
    const outcome = outcomeOf(action, values.output ?? [], values.reason);
    return withMetadata(io, async ({ pipelines, store }) => {
      const settled = await pipelines.settleCallback(token, outcome);
      const run = await store.getRun(settled.runId);
      if (values.json) json(io, settled);
      else
        write(
          io.stdout,
          `Callback token ${token} ${settled.status} for step "${settled.step}" of execution ${settled.runId}${run ? ` (pipeline ${run.pipeline})` : ''}.`,
        );
      return EXIT.ok;
    });
  },
};

function outcomeOf(action: string, outputs: readonly string[], reason: string | undefined): CallbackOutcome {
  if (action === 'fail') {
    if (outputs.length > 0) throw new UsageError('--output goes with succeed: a failure carries only --reason.');
    return { status: 'failed', failureReason: reason ?? 'The callback reported a failure.' };
  }
  if (reason !== undefined) throw new UsageError('--reason goes with fail: a success carries --output NAME=VALUE values.');
  const outputParameters = outputs.map((o) => {
    const at = o.indexOf('=');
    if (at <= 0) throw new UsageError(`--output takes NAME=VALUE, not "${o}".`);
    return { name: o.slice(0, at), value: o.slice(at + 1) };
  });
  return { status: 'succeeded', outputParameters };
}
