/** `godwit endpoint invoke`: one request to a served endpoint, through the home's server. */
import { defineVerb } from './command-spec.js';

export const endpointInvokeOptions = {
  body: { type: 'string', value: 'TEXT', summary: 'The request body as given (a CSV row, a JSON document).' },
  file: { type: 'string', value: 'PATH', summary: 'Read the request body from a file (- for standard input).' },
  'content-type': {
    type: 'string',
    value: 'TYPE',
    summary: "The body's type; text/csv unless said (application/json for a .json file).",
  },
  accept: { type: 'string', value: 'TYPE', summary: 'The response type to ask for (text/csv, application/json, …).' },
  'target-variant': {
    type: 'string',
    value: 'VARIANT',
    summary: 'Send it to this production variant instead of routing by weight.',
  },
  'inference-id': { type: 'string', value: 'ID', summary: 'An id kept with the captured request and response.' },
  port: {
    type: 'string',
    value: 'N',
    summary: 'The port for a server started now (default: server.port, GODWIT_PORT, else 4600).',
  },
  json: { type: 'boolean', summary: 'Machine-readable output: variant, content type and body.' },
} as const;

export const endpointInvoke = defineVerb({
  name: 'invoke',
  summary: 'Send one request to an endpoint and print its answer (InvokeEndpoint)',
  args: [{ name: 'NAME' }],
  options: endpointInvokeOptions,
  description: `Needs the live endpoint, so it talks to the home's Godwit server, starting a detached one
when none runs (it says so on stderr). The answer's body goes to stdout as is; the variant that
answered goes to stderr. A model's error (a bad payload included) prints its message and exits with code 2.`,
  examples: [
    'godwit endpoint invoke abalone --body "0.455,0.365,0.095,0.514,0.2245,0.101,0.15,1,0,0"',
    'godwit endpoint invoke abalone --file rows.csv --accept application/json --target-variant canary',
  ],
  load: async () => (await import('../commands/endpoint-invoke.js')).endpointInvokeCommand,
});
