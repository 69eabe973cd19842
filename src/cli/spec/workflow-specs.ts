/**
 * `godwit workflows …` (or `godwit workflow …`): Step Functions state machines on the home's
 * server (its Step Functions door), through `@aws-sdk/client-sfn`, as any SDK user would.
 */
import { defineGroup, defineVerb } from './command-spec.js';

const JSON_FLAG = { type: 'boolean', summary: 'Machine-readable output.' } as const;
const PORT = {
  type: 'string',
  value: 'N',
  summary: 'The port for a server started when none runs (default: server.port, else 4600).',
} as const;

export const workflowRunOptions = {
  input: { type: 'string', short: 'i', value: 'JSON|@FILE', summary: "The execution's input: JSON text, or @file (default {})." },
  name: { type: 'string', value: 'NAME', summary: "The state machine's name (default: the file's name without .asl.json)." },
  execution: { type: 'string', value: 'NAME', summary: "The execution's name (default: a generated UUID)." },
  type: {
    type: 'string',
    value: 'TYPE',
    choices: ['STANDARD', 'EXPRESS'],
    summary: 'The state machine type (default STANDARD).',
  },
  port: PORT,
  json: { type: 'boolean', summary: 'Print the finished execution as JSON, no progress.' },
} as const;

export const workflowRun = defineVerb({
  name: 'run',
  summary: 'Run an Amazon States Language file on the local engine and follow it to its end',
  args: [{ name: 'FILE' }],
  options: workflowRunOptions,
  description: `Creates the state machine (or updates it, when one of that name exists) on the home's
server, which is started when none runs, starts an execution and prints each state as it is
entered and left. Exits 0 when the execution SUCCEEDED (its output on stdout), 1 with its error
and cause otherwise. When FILE.asl.uploads.json lies beside FILE (godwit compile --target
stepfunctions -o FILE writes it), the local files it lists are first copied to the S3 URIs the
definition names, through the server's S3. Ctrl-C stops the execution.`,
  examples: [
    'godwit workflows run hello.asl.json --input \'{"who": "world"}\'',
    'godwit workflows run examples/abalone/abalone.asl.json --input @params.json',
  ],
  load: async () => (await import('../commands/workflow-run.js')).workflowRun,
});

export const workflowListOptions = {
  status: {
    type: 'string',
    value: 'STATUS',
    choices: ['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED'],
    summary: 'Only executions with this status.',
  },
  port: PORT,
  json: JSON_FLAG,
} as const;

export const workflowList = defineVerb({
  name: 'list',
  summary: "State machines, or one state machine's executions (newest first)",
  args: [{ name: 'MACHINE', optional: true }],
  options: workflowListOptions,
  examples: ['godwit workflows list', 'godwit workflows list hello --status FAILED'],
  load: async () => (await import('../commands/workflow-list.js')).workflowList,
});

export const workflowDescribeOptions = { port: PORT, json: JSON_FLAG } as const;

export const workflowDescribe = defineVerb({
  name: 'describe',
  summary: 'A state machine (name or ARN) or an execution (ARN, or MACHINE:EXECUTION)',
  args: [{ name: 'NAME_OR_ARN' }],
  options: workflowDescribeOptions,
  examples: ['godwit workflows describe hello', 'godwit workflows describe hello:my-first-run --json'],
  load: async () => (await import('../commands/workflow-describe.js')).workflowDescribe,
});

export const workflowHistoryOptions = {
  reverse: { type: 'boolean', summary: 'Newest event first.' },
  port: PORT,
  json: { type: 'boolean', summary: "The events in Step Functions' HistoryEvent shape." },
} as const;

export const workflowHistory = defineVerb({
  name: 'history',
  summary: "An execution's history: every state entered and left, task and execution event",
  args: [{ name: 'EXECUTION' }],
  options: workflowHistoryOptions,
  examples: ['godwit workflows history hello:my-first-run', 'godwit workflows history arn:aws:states:…:execution:hello:x --json'],
  load: async () => (await import('../commands/workflow-history.js')).workflowHistory,
});

export const workflowStopOptions = {
  error: { type: 'string', value: 'ERROR', summary: 'The error recorded on the stopped execution.' },
  cause: { type: 'string', value: 'TEXT', summary: 'Why it was stopped.' },
  port: PORT,
  json: JSON_FLAG,
} as const;

export const workflowStop = defineVerb({
  name: 'stop',
  summary: 'Stop a running execution (it ends ABORTED; the work its tasks started is stopped)',
  args: [{ name: 'EXECUTION' }],
  options: workflowStopOptions,
  examples: ['godwit workflows stop hello:my-first-run --cause "wrong input"'],
  load: async () => (await import('../commands/workflow-stop.js')).workflowStop,
});

export const workflowsGroup = defineGroup({
  name: 'workflows',
  summary: 'Step Functions state machines on the local engine: run an ASL file, list, describe, history, stop',
  verbs: [workflowRun, workflowList, workflowDescribe, workflowHistory, workflowStop],
});
