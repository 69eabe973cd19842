/** `godwit logs …`: job and endpoint output, as the CloudWatch Logs door shows it. */
import { defineGroup, defineVerb } from './command-spec.js';

export const jobLogsOptions = {
  follow: { type: 'boolean', short: 'f', summary: 'Keep printing new lines until the job ends.' },
  json: { type: 'boolean', summary: 'One JSON object a line: stream, timestamp (epoch ms), message.' },
} as const;

export const endpointLogsOptions = {
  variant: { type: 'string', value: 'NAME', summary: "Only this variant's instances." },
  follow: { type: 'boolean', short: 'f', summary: 'Keep printing new lines until interrupted.' },
  json: { type: 'boolean', summary: 'One JSON object a line: stream, timestamp (epoch ms), message.' },
} as const;

const jobDescription = (group: string) => `Prints what the job's script wrote, in the order it wrote it: the log stream
<job>/algo-1-<epoch> of ${group}, the same lines GetLogEvents returns. Needs no
running server: it reads the home's records and the job's run log.`;

const jobVerb = (kind: 'training' | 'processing' | 'transform', group: string, example: string) =>
  defineVerb({
    name: `${kind}-job`,
    summary: `Print a ${kind} job's log (--follow to keep printing until it ends)`,
    args: [{ name: 'NAME' }],
    options: jobLogsOptions,
    description: jobDescription(group),
    examples: [`godwit logs ${kind}-job ${example}`, `godwit logs ${kind}-job ${example} --follow`],
    load: async () => (await import('../commands/logs.js')).jobLogs(kind),
  });

export const logsGroup = defineGroup({
  name: 'logs',
  summary: 'Job and endpoint logs, as CloudWatch Logs shows them',
  verbs: [
    jobVerb('training', '/aws/sagemaker/TrainingJobs', 'abalone-train'),
    jobVerb('processing', '/aws/sagemaker/ProcessingJobs', 'abalone-prep'),
    jobVerb('transform', '/aws/sagemaker/TransformJobs', 'abalone-batch'),
    defineVerb({
      name: 'endpoint',
      summary: "Print an endpoint's instance logs, each line after its stream <variant>/<instance id>",
      args: [{ name: 'NAME' }],
      options: endpointLogsOptions,
      description: `Prints what the endpoint's container instances wrote (log group /aws/sagemaker/Endpoints/NAME),
interleaved by time. Models served in-process (linear learner, XGBoost, ONNX) write no log.`,
      examples: ['godwit logs endpoint churn', 'godwit logs endpoint churn --variant canary --follow'],
      load: async () => (await import('../commands/logs.js')).endpointLogs,
    }),
  ],
});
