/** `godwit endpoints shadow-report`: the shadow-test comparison, read from the recorded observations. */
import { defineVerb } from './command-spec.js';

export const endpointsShadowReportOptions = {
  since: {
    type: 'string',
    value: 'WHEN',
    summary: 'Only requests since then: an ISO time (2026-12-05T09:00Z) or an age (30m, 6h, 7d).',
  },
  tolerance: { type: 'string', value: 'X', summary: 'Numeric answers agree within X · max(1, |production|) (default 1e-6).' },
  json: { type: 'boolean', summary: 'Machine-readable output.' },
} as const;

export const endpointsShadowReport = defineVerb({
  name: 'shadow-report',
  summary: "Compare each shadow variant's answers with production's: agreement, differences, latency, errors",
  args: [{ name: 'NAME' }],
  options: endpointsShadowReportOptions,
  description: `Reads what the server recorded for every mirrored request (<home>/endpoints/NAME/shadow/),
so it needs no running server. Per shadow variant: requests compared, exact agreement, agreement
of numeric answers within the tolerance, mean and max absolute and relative difference, latency
p50/p90/p99 of each side, and the errors of each side by code.`,
  examples: [
    'godwit endpoints shadow-report abalone',
    'godwit endpoints shadow-report abalone --since 24h --tolerance 0.01 --json',
  ],
  load: async () => (await import('../commands/endpoint-shadow-report.js')).endpointShadowReport,
});

/** `godwit endpoints shadow ACTION`: shadow tests (SageMaker's inference experiments) as one command group. */
export const SHADOW_ACTIONS = ['create', 'describe', 'list', 'report', 'promote', 'stop', 'start', 'delete'] as const;

export const endpointsShadowOptions = {
  endpoint: {
    type: 'string',
    short: 'e',
    value: 'ENDPOINT',
    summary: 'create: the endpoint to test on; list: only its tests; report: every shadow of it (the endpoint-wide report).',
  },
  model: {
    type: 'string',
    short: 'm',
    value: 'SOURCE',
    summary: "create: the shadow's model: a folder, a store URI, Group/latest-approved, Group/N or an ARN.",
  },
  'model-name': {
    type: 'string',
    value: 'MODEL',
    summary: 'create: an existing SageMaker model as the shadow, instead of --model.',
  },
  image: { type: 'string', value: 'IMAGE', summary: 'create: the image of the model made from --model.' },
  variant: { type: 'string', value: 'NAME', summary: "create: the shadow variant's name (default Shadow)." },
  production: {
    type: 'string',
    value: 'VARIANT',
    summary: "create: the production variant to shadow (default: the endpoint's only one).",
  },
  sampling: { type: 'string', value: 'PCT', summary: 'create: the share of production requests mirrored, 1–100 (default 100).' },
  duration: { type: 'string', value: 'AGE', summary: 'create: how long it runs: 30m, 6h, 7d (default 7d, at most 30d).' },
  start: { type: 'string', value: 'WHEN', summary: 'create: when it starts, an ISO time (default now).' },
  end: { type: 'string', value: 'WHEN', summary: 'create: when it ends, an ISO time (instead of --duration).' },
  'instance-count': {
    type: 'string',
    value: 'N',
    summary: "create: the shadow's instances (default 1); promote: the promoted variant's (default production's).",
  },
  'instance-type': {
    type: 'string',
    value: 'TYPE',
    summary: 'create: recorded as given (default ml.m5.xlarge); locally it changes nothing.',
  },
  description: { type: 'string', value: 'TEXT', summary: 'create: what the test is for.' },
  role: {
    type: 'string',
    value: 'ARN',
    summary: 'create: the RoleArn recorded (default arn:aws:iam::000000000000:role/godwit).',
  },
  tolerance: endpointsShadowReportOptions.tolerance,
  problem: {
    type: 'string',
    choices: ['auto', 'classification', 'regression'],
    summary: 'report: compare labels (classification) or numbers (regression); auto decides from the answers.',
  },
  since: { type: 'string', value: 'WHEN', summary: 'report --endpoint: only requests since then (an ISO time or 30m, 6h, 7d).' },
  canary: {
    type: 'string',
    value: 'SIZE',
    summary: 'promote: a guarded canary update: first SIZE of the new fleet (50% or 1 instance), then the rest.',
  },
  linear: { type: 'string', value: 'SIZE', summary: 'promote: a guarded linear update in steps of SIZE (25% or 1 instance).' },
  bake: {
    type: 'string',
    value: 'SECONDS',
    summary: 'promote: the baking period after each traffic shift, 0–3600 s (default 600 with --canary/--linear/--alarm).',
  },
  alarm: {
    type: 'string',
    multiple: true,
    value: 'NAME',
    summary: 'promote: a CloudWatch alarm that rolls the promotion back when in ALARM (repeat for more, up to 10).',
  },
  cancel: { type: 'boolean', summary: 'stop: end it as Cancelled rather than Completed.' },
  reason: { type: 'string', value: 'TEXT', summary: 'stop, promote: why, recorded as its StatusReason.' },
  wait: { type: 'boolean', summary: 'promote, stop: wait until the server has moved the endpoint (a server must run).' },
  serve: { type: 'boolean', summary: 'create: start a detached Godwit server when none runs, so the test starts.' },
  port: { type: 'string', value: 'N', summary: 'The port for a server started by --serve (default: server.port, else 4600).' },
  json: { type: 'boolean', summary: 'Machine-readable output.' },
} as const;

export const endpointsShadow = defineVerb({
  name: 'shadow',
  summary: 'Shadow tests: run a shadow variant beside production for a while, compare, promote',
  args: [
    { name: 'ACTION', choices: SHADOW_ACTIONS },
    { name: 'NAME', optional: true },
  ],
  options: endpointsShadowOptions,
  description: `A shadow test is SageMaker's inference experiment in shadow mode (the same records the
SageMaker API's CreateInferenceExperiment makes): for its duration, the home's server puts the
shadow variant beside the endpoint's production variant through an endpoint update, copies the
sampling percentage of production requests to it (its answers are recorded, never returned), and
at the end removes it through another update, keeping the records.

  create NAME    --endpoint E --model SOURCE|--model-name M [--sampling PCT] [--duration AGE]
  describe NAME  status, schedule, variants, the endpoint's state
  list           every shadow test (--endpoint E: on that endpoint)
  report NAME    per variant: requests, latency p50/p90/p99, errors and error rate; prediction
                 agreement (classification) or drift (regression: mean/max absolute and relative
                 difference), over the test's window. --endpoint E instead of NAME: every shadow of
                 the endpoint (the same report as \`godwit endpoints shadow-report E\`, kept as an alias)
  promote NAME   make the shadow the production variant: a running test stops with it promoted; an
                 ended one gets an endpoint update with the shadow's model in production's place.
                 --canary/--linear SIZE, --bake S, --alarm NAME make it a guarded update
                 (UpdateEndpoint's DeploymentConfig): an alarm in ALARM rolls it back, and a running
                 test then ends Cancelled with the shadow removed
  stop NAME      end it early (the shadow removed); start NAME starts a scheduled one now;
  delete NAME    forget an ended or scheduled one (the endpoint is not touched)

Everything but report is recorded state and works without a server; the server carries it out.`,
  examples: [
    'godwit endpoints shadow create xgb-vs-linear --endpoint abalone --model ./xgb-model --sampling 50 --duration 2h',
    'godwit endpoints shadow describe xgb-vs-linear',
    'godwit endpoints shadow report xgb-vs-linear --json',
    'godwit endpoints shadow promote xgb-vs-linear --wait',
    'godwit endpoints shadow promote xgb-vs-linear --canary 50% --bake 600 --alarm abalone-5xx --wait',
  ],
  load: async () => (await import('../commands/endpoint-shadow.js')).endpointShadow,
});
