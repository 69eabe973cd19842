/** `godwit pipelines …`: pipeline executions' callback steps, answered from the command line. */
import { defineGroup, defineVerb } from './command-spec.js';

export const pipelinesCallbackOptions = {
  output: {
    type: 'string',
    multiple: true,
    value: 'NAME=VALUE',
    summary: "An output parameter of the success (the step's OutputParameters); repeat for each.",
  },
  reason: { type: 'string', value: 'TEXT', summary: 'Why it failed (FailureReason); only with fail.' },
  json: { type: 'boolean', summary: 'Print the settled token as JSON.' },
} as const;

export const pipelinesCallback = defineVerb({
  name: 'callback',
  summary: "Answer a callback step's token: succeed with output parameters, or fail with a reason",
  args: [{ name: 'ACTION', choices: ['succeed', 'fail'] }, { name: 'TOKEN' }],
  options: pipelinesCallbackOptions,
  description: `The same as SageMaker's SendPipelineExecutionStepSuccess / SendPipelineExecutionStepFailure,
on the home's records: no server is needed, and the server or "godwit run" process waiting on the
token goes on within seconds. The token is in the step's message (the "Godwit Pipeline Callback
Message" event, or what its queue's command got) and in ListPipelineExecutionSteps. A token is
answered once; a second answer is refused.`,
  examples: [
    'godwit pipelines callback succeed 3f9a2c0e1d7b5a4c8e6f --output ticket=CHG-42 --output approved=true',
    'godwit pipelines callback fail 3f9a2c0e1d7b5a4c8e6f --reason "rejected in review"',
  ],
  load: async () => (await import('../commands/pipelines-callback.js')).pipelinesCallback,
});

export const pipelinesGroup = defineGroup({
  name: 'pipelines',
  summary: 'Pipeline executions: answer their callback steps',
  verbs: [pipelinesCallback],
});
