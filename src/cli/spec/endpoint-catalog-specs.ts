/** `godwit endpoint create|update|delete|list|describe`: endpoints as recorded state (the catalog). */
import { defineVerb } from './command-spec.js';

const JSON_FLAG = { type: 'boolean', summary: 'Machine-readable output.' } as const;
const SERVE = {
  type: 'boolean',
  summary: 'Start a detached Godwit server when none runs, so the endpoint comes InService.',
} as const;
const PORT = {
  type: 'string',
  value: 'N',
  summary: 'The port for a server started by --serve (default: server.port, else 4600).',
} as const;

/** What serves the endpoint: shared by create and update. */
const sourceOptions = {
  model: {
    type: 'string',
    short: 'm',
    value: 'SOURCE',
    summary: 'A model folder, a store URI, Group/latest-approved, Group/N or a model package ARN (one variant, AllTraffic).',
  },
  variant: {
    type: 'string',
    multiple: true,
    value: 'name=N,model=SOURCE[,weight=W][,count=C]',
    summary: 'A production variant (repeat for A/B tests); weight 1 and count 1 unless said.',
  },
  shadow: {
    type: 'string',
    multiple: true,
    value: 'name=N,model=SOURCE[,weight=W][,count=C]',
    summary: 'A shadow variant: gets a sampled copy of the traffic, its answers are only recorded.',
  },
  config: { type: 'string', value: 'CONFIG', summary: 'Use an existing endpoint config instead of making one.' },
  image: { type: 'string', value: 'IMAGE', summary: 'The image of every container made from a folder or URI.' },
  'instance-count': { type: 'string', value: 'N', summary: "--model's instance count: real concurrency (default 1)." },
  'instance-type': { type: 'string', value: 'TYPE', summary: 'Recorded as given (ml.m5.large); locally it changes nothing.' },
  'capture-uri': {
    type: 'string',
    value: 'URI',
    summary: 'Capture requests and responses here (s3://, gs://, file:// or a folder).',
  },
  'capture-sampling': { type: 'string', value: 'PCT', summary: 'The share of requests captured, 0–100 (default 100).' },
} as const;

export const endpointCreateOptions = { ...sourceOptions, serve: SERVE, port: PORT, json: JSON_FLAG } as const;

export const endpointCreate = defineVerb({
  name: 'create',
  summary: 'Create an endpoint: its models and config too, from a model folder, a URI or the registry',
  args: [{ name: 'NAME' }],
  options: endpointCreateOptions,
  description: `Records a model per variant, an endpoint config and the endpoint (CreateModel,
CreateEndpointConfig, CreateEndpoint), named NAME-… with a time stamp; or, with --config, only the
endpoint. A registry reference deploys that version, which must be Approved; latest-approved picks
the newest Approved one. Works without a server: the endpoint is recorded Creating, and the home's
server brings it InService when it runs (now, if one runs; with --serve, one is started).`,
  examples: [
    'godwit endpoint create abalone --model AbaloneModelPackageGroup/latest-approved',
    'godwit endpoint create abalone --model ./model --capture-uri s3://capture/abalone --serve',
    'godwit endpoint create ab --variant name=Blue,model=Abalone/1,weight=9 --variant name=Green,model=Abalone/2,weight=1',
    'godwit endpoint create abalone --config abalone-config',
  ],
  load: async () => (await import('../commands/endpoint-create.js')).endpointCreate,
});

export const endpointUpdateOptions = {
  ...sourceOptions,
  weight: {
    type: 'string',
    multiple: true,
    value: 'VARIANT=W',
    summary: "A variant's new weight (UpdateEndpointWeightsAndCapacities).",
  },
  instances: { type: 'string', multiple: true, value: 'VARIANT=N', summary: "A variant's new instance count." },
  traffic: {
    type: 'string',
    value: 'TYPE',
    summary: 'A guarded update (DeploymentConfig): all-at-once, canary, linear (blue/green) or rolling.',
  },
  step: {
    type: 'string',
    value: 'SIZE',
    summary: 'The canary, each linear step or rolling batch: instances (1) or a share (30%).',
  },
  bake: { type: 'string', value: 'SECONDS', summary: 'Baking period after each shift (WaitIntervalInSeconds, 0–3600; 600).' },
  'termination-wait': { type: 'string', value: 'SECONDS', summary: 'How long the old fleet is kept after the last shift (0).' },
  timeout: { type: 'string', value: 'SECONDS', summary: 'MaximumExecutionTimeoutInSeconds: past it, the update rolls back.' },
  'rollback-alarm': {
    type: 'string',
    multiple: true,
    value: 'ALARM',
    summary: 'An alarm that rolls the update back (up to 10).',
  },
  serve: SERVE,
  port: PORT,
  json: JSON_FLAG,
} as const;

export const endpointUpdate = defineVerb({
  name: 'update',
  summary: 'Point an endpoint at new models or a config, or change its weights and instance counts',
  args: [{ name: 'NAME' }],
  options: endpointUpdateOptions,
  description: `With --model, --variant or --config: UpdateEndpoint to a new config (made as create makes
one); the old config serves until the new one is up, so no request is dropped. With --weight and
--instances: UpdateEndpointWeightsAndCapacities on the variants named. Only an InService (or Failed)
endpoint can be updated. --traffic makes a new config's update guarded: the new fleet runs beside
the old one, traffic moves in steps that each bake, and any --rollback-alarm in ALARM sends it all
back (docs/deployment.md).`,
  examples: [
    'godwit endpoint update abalone --model AbaloneModelPackageGroup/latest-approved',
    'godwit endpoint update abalone --config abalone-v2 --traffic canary --step 30% --bake 600 --rollback-alarm abalone-5xx',
    'godwit endpoint update ab --weight Blue=1 --weight Green=1 --instances Green=2',
  ],
  load: async () => (await import('../commands/endpoint-update.js')).endpointUpdate,
});

export const endpointDeleteOptions = { json: JSON_FLAG } as const;

export const endpointDelete = defineVerb({
  name: 'delete',
  summary: 'Delete an endpoint (its config and models stay, as in SageMaker)',
  args: [{ name: 'NAME' }],
  options: endpointDeleteOptions,
  description: `With a server running, the endpoint is marked Deleting and the server stops it and
removes it; without one, nothing serves it, so the record is removed at once.`,
  examples: ['godwit endpoint delete abalone'],
  load: async () => (await import('../commands/endpoint-delete.js')).endpointDelete,
});

export const endpointListOptions = {
  models: { type: 'boolean', summary: 'List models instead.' },
  configs: { type: 'boolean', summary: 'List endpoint configs instead.' },
  json: JSON_FLAG,
} as const;

export const endpointList = defineVerb({
  name: 'list',
  summary: 'Endpoints with their status and variants (or models, or endpoint configs)',
  options: endpointListOptions,
  examples: ['godwit endpoint list', 'godwit endpoint list --configs --json'],
  load: async () => (await import('../commands/endpoint-list.js')).endpointList,
});

export const endpointDescribeOptions = { json: JSON_FLAG } as const;

export const endpointDescribe = defineVerb({
  name: 'describe',
  summary: "An endpoint's status, variants (weights, instances), shadows, capture and live figures",
  args: [{ name: 'NAME' }],
  options: endpointDescribeOptions,
  description: `Reads the record, so it works without a server; when the home's server runs, adds what
it sees now: instances and requests in flight per variant, and capture counts (offered, written,
dropped, pending).`,
  examples: ['godwit endpoint describe abalone', 'godwit endpoint describe abalone --json'],
  load: async () => (await import('../commands/endpoint-describe.js')).endpointDescribe,
});
