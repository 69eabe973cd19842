import { EXIT, json, write } from '../cli-io.js';
import type { Handler } from '../spec/command-spec.js';
import type { workflowHistoryOptions } from '../spec/workflow-specs.js';
import { executionArn, sfnOf } from './workflow-client.js';
import { eventLine, type WireEvent } from './workflow-events.js';

/** `godwit workflows history EXECUTION`: GetExecutionHistory, every page. */
export const workflowHistory: Handler<typeof workflowHistoryOptions> = {
  run: async ({ values, positionals: [ref], io }) => {
    const sfn = await sfnOf(io, values.port);
    const arn = executionArn(ref);
    const events: WireEvent[] = [];
    let nextToken: string | undefined;
    do {
      const page = await sfn.call<{ events: WireEvent[]; nextToken?: string }>('GetExecutionHistory', {
        executionArn: arn,
        reverseOrder: values.reverse === true,
        maxResults: 1000,
        nextToken,
      });
      events.push(...page.events);
      nextToken = page.nextToken;
    } while (nextToken);
    if (values.json) json(io, events);
    else {
      const start = Math.min(...events.map((e) => e.timestamp));
      write(io.stdout, events.map((e) => `${String(e.id).padStart(4)} ${eventLine(e, start)}`).join('\n'));
    }
    return EXIT.ok;
  },
};
