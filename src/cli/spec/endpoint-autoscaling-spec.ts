/** `godwit endpoints autoscaling ACTION`: Application Auto Scaling for a variant, and the planning simulation. */
import { defineVerb } from './command-spec.js';

export const AUTOSCALING_ACTIONS = ['register', 'deregister', 'policy', 'describe', 'activities', 'simulate'] as const;

export const endpointsAutoscalingOptions = {
  variant: { type: 'string', value: 'NAME', summary: "The production variant (default: the endpoint's only one)." },
  min: { type: 'string', value: 'N', summary: 'register: the fewest instances (at least 1); simulate: the same, default 1.' },
  max: { type: 'string', value: 'N', summary: 'register: the most instances; simulate: the same, default 10.' },
  name: {
    type: 'string',
    value: 'POLICY',
    summary: 'policy: the policy to put or delete; simulate: a recorded policy of ENDPOINT.',
  },
  target: {
    type: 'string',
    value: 'N',
    summary: 'policy: track SageMakerVariantInvocationsPerInstance at N requests per instance and minute.',
  },
  'scale-out-cooldown': { type: 'string', value: 'SECONDS', summary: 'policy --target: default 300.' },
  'scale-in-cooldown': { type: 'string', value: 'SECONDS', summary: 'policy --target: default 300.' },
  'disable-scale-in': { type: 'boolean', summary: 'policy --target: never remove instances.' },
  config: {
    type: 'string',
    value: 'FILE',
    summary:
      'policy, simulate: a policy as AWS writes it ({"PolicyType", "TargetTrackingScalingPolicyConfiguration" | "StepScalingPolicyConfiguration"}).',
  },
  delete: { type: 'boolean', summary: 'policy: delete the policy --name (and the alarms it made).' },
  traffic: { type: 'string', value: 'CSV', summary: 'simulate: requests per minute, rows of minute,requests_per_minute.' },
  peak: { type: 'string', value: 'RPM', summary: 'simulate: a diurnal curve peaking at RPM requests per minute.' },
  trough: { type: 'string', value: 'RPM', summary: 'simulate: the curve at its quietest (default a tenth of --peak).' },
  period: { type: 'string', value: 'MINUTES', summary: 'simulate: the curve repeats every MINUTES (default 1440, a day).' },
  minutes: { type: 'string', value: 'N', summary: 'simulate: how long the curve runs (default one period).' },
  initial: { type: 'string', value: 'N', summary: 'simulate: instances at the start (default --min).' },
  warmup: { type: 'string', value: 'MINUTES', summary: 'simulate: minutes before a new instance serves (default 0).' },
  svg: { type: 'string', value: 'FILE', summary: 'simulate: write the chart here (default autoscaling-simulation.svg).' },
  all: { type: 'boolean', summary: 'simulate: a table row for every minute, not only minutes where something changed.' },
  json: { type: 'boolean', summary: 'Machine-readable output.' },
} as const;

export const endpointsAutoscaling = defineVerb({
  name: 'autoscaling',
  summary: "Scale a variant's instance count with Application Auto Scaling's policies, and plan them by simulation",
  args: [
    { name: 'ACTION', choices: AUTOSCALING_ACTIONS },
    { name: 'ENDPOINT', optional: true },
  ],
  options: endpointsAutoscalingOptions,
  description: `Application Auto Scaling's model of SageMaker's variant autoscaling, on the same records the
Application Auto Scaling API of \`godwit server\` keeps (resource endpoint/ENDPOINT/variant/VARIANT,
dimension sagemaker:variant:DesiredInstanceCount). Recorded state needs no server; the scaling
itself runs in the home's server, which evaluates the policies' alarms every minute of its clock.

  register ENDPOINT    --min N --max N: scalable target (a count outside the bounds is scaled into them)
  deregister ENDPOINT  remove the target, its policies and their alarms
  policy ENDPOINT      --name P --target N [--scale-in-cooldown S] [--scale-out-cooldown S] [--disable-scale-in]
                       or --name P --config FILE (target tracking or step scaling), or --name P --delete
  describe ENDPOINT    the target, its policies and their alarms' states
  activities ENDPOINT  scaling activities, newest first
  simulate [ENDPOINT]  replay traffic (--traffic CSV, or --peak/--trough/--period) against a policy
                       (--target N, --config FILE, or ENDPOINT --name P as recorded) minute by minute,
                       with the alarm and scaling rules the server runs; prints a table and a summary
                       and writes an SVG of instances, load per instance and alarm breaches.`,
  examples: [
    'godwit endpoints autoscaling register churn --min 1 --max 8',
    'godwit endpoints autoscaling policy churn --name invocations --target 70 --scale-in-cooldown 600',
    'godwit endpoints autoscaling activities churn',
    'godwit endpoints autoscaling simulate --target 70 --peak 1200 --trough 60 --max 20 --svg plan.svg',
    'godwit endpoints autoscaling simulate churn --name invocations --traffic monday.csv',
  ],
  load: async () => (await import('../commands/endpoint-autoscaling.js')).endpointsAutoscalingCommand,
});
