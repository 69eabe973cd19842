import { EXIT, json, write } from '../cli-io.js';
import { table } from '../format.js';
import type { Handler } from '../spec/command-spec.js';
import type { workflowListOptions } from '../spec/workflow-specs.js';
import { machineArn, type Sfn, sfnOf, when } from './workflow-client.js';

type Item = Record<string, unknown>;

/** Every page of a list action, concatenated. */
async function all(sfn: Sfn, action: string, member: string, input: Item): Promise<Item[]> {
  const out: Item[] = [];
  let nextToken: string | undefined;
  do {
    const page = await sfn.call<Item>(action, { ...input, maxResults: 1000, nextToken });
    out.push(...((page[member] as Item[] | undefined) ?? []));
    nextToken = page.nextToken as string | undefined;
  } while (nextToken);
  return out;
}

/** `godwit workflows list [MACHINE]`: the state machines, or one machine's executions. */
export const workflowList: Handler<typeof workflowListOptions> = {
  run: async ({ values, positionals: [machine], io }) => {
    const sfn = await sfnOf(io, values.port);
    if (machine === undefined) {
      const machines = await all(sfn, 'ListStateMachines', 'stateMachines', {});
      if (values.json) json(io, machines);
      else if (machines.length === 0) write(io.stdout, 'No state machines yet. Run one with: godwit workflows run FILE.asl.json');
      else
        write(
          io.stdout,
          table(
            ['STATE MACHINE', 'TYPE', 'CREATED'],
            machines.map((m) => [String(m.name), String(m.type), when(m.creationDate)]),
          ),
        );
      return EXIT.ok;
    }
    const executions = await all(sfn, 'ListExecutions', 'executions', {
      stateMachineArn: machineArn(machine),
      statusFilter: values.status,
    });
    if (values.json) json(io, executions);
    else if (executions.length === 0)
      write(io.stdout, `No executions of ${machine}${values.status ? ` with status ${values.status}` : ''}.`);
    else {
      const rows = executions.map((e) => [String(e.name), String(e.status), when(e.startDate), when(e.stopDate)]);
      write(io.stdout, table(['EXECUTION', 'STATUS', 'STARTED', 'STOPPED'], rows));
    }
    return EXIT.ok;
  },
};
