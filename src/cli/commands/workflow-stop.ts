import { EXIT, json, write } from '../cli-io.js';
import type { Handler } from '../spec/command-spec.js';
import type { workflowStopOptions } from '../spec/workflow-specs.js';
import { executionArn, sfnOf, when } from './workflow-client.js';

/** `godwit workflows stop EXECUTION`: StopExecution; the execution ends ABORTED. */
export const workflowStop: Handler<typeof workflowStopOptions> = {
  run: async ({ values, positionals: [ref], io }) => {
    const sfn = await sfnOf(io, values.port);
    const arn = executionArn(ref);
    const stopped = await sfn.call('StopExecution', { executionArn: arn, error: values.error, cause: values.cause });
    if (values.json) json(io, { executionArn: arn, ...stopped });
    else write(io.stdout, `Stopped ${arn} at ${when(stopped.stopDate)}.`);
    return EXIT.ok;
  },
};
