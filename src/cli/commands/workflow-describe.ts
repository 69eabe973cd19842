import { EXIT, json, write } from '../cli-io.js';
import type { Handler } from '../spec/command-spec.js';
import type { workflowDescribeOptions } from '../spec/workflow-specs.js';
import { executionArn, machineArn, sfnOf, when } from './workflow-client.js';

/** An execution ARN, or `MACHINE:EXECUTION`; anything else names a state machine. */
const isExecution = (ref: string) => (ref.startsWith('arn:') ? /:(execution|express):/.test(ref) : ref.includes(':'));

/** `godwit workflows describe NAME_OR_ARN`: DescribeStateMachine or DescribeExecution. */
export const workflowDescribe: Handler<typeof workflowDescribeOptions> = {
  run: async ({ values, positionals: [ref], io }) => {
    const sfn = await sfnOf(io, values.port);
    if (isExecution(ref)) {
      const e = await sfn.call('DescribeExecution', { executionArn: executionArn(ref) });
      if (values.json) json(io, e);
      else {
        const lines = [
          `Execution ${String(e.name)}: ${String(e.status)}`,
          `  ARN       ${String(e.executionArn)}`,
          `  machine   ${String(e.stateMachineArn)}`,
          `  started   ${when(e.startDate)}`,
          `  stopped   ${when(e.stopDate)}`,
          `  input     ${String(e.input)}`,
        ];
        if (e.output !== undefined) lines.push(`  output    ${String(e.output)}`);
        if (e.error !== undefined || e.cause !== undefined)
          lines.push(`  error     ${String(e.error ?? '')}: ${String(e.cause ?? '')}`);
        write(io.stdout, lines.join('\n'));
      }
      return EXIT.ok;
    }
    const m = await sfn.call('DescribeStateMachine', { stateMachineArn: machineArn(ref) });
    if (values.json) json(io, m);
    else {
      const states = Object.keys((JSON.parse(String(m.definition)) as { States?: object }).States ?? {});
      write(
        io.stdout,
        [
          `State machine ${String(m.name)} (${String(m.type)}, ${String(m.status)})`,
          `  ARN       ${String(m.stateMachineArn)}`,
          `  created   ${when(m.creationDate)}`,
          `  revision  ${String(m.revisionId ?? '-')}`,
          `  states    ${states.join(', ')}`,
        ].join('\n'),
      );
    }
    return EXIT.ok;
  },
};
