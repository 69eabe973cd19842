/** `godwit models …`: the model registry (model package groups, versions, approval). */
import { defineGroup, defineVerb } from './command-spec.js';

const JSON_FLAG = { type: 'boolean', summary: 'Machine-readable output.' } as const;
const NOTE = { type: 'string', value: 'TEXT', summary: 'Why, recorded in the audit log.' } as const;

export const modelsListOptions = { json: JSON_FLAG } as const;

export const modelsList = defineVerb({
  name: 'list',
  summary: 'Model package groups, or every version of one group',
  args: [{ name: 'GROUP', optional: true }],
  options: modelsListOptions,
  description: `Without GROUP: each group with its version count and latest version.
With GROUP: every version, its approval status, when it was made, the run that made it and its model URI.`,
  examples: ['godwit models list', 'godwit models list AbaloneModelPackageGroup --json'],
  load: async () => (await import('../commands/models-list.js')).modelsList,
});

export const modelsApproveOptions = { note: NOTE, json: JSON_FLAG } as const;

export const modelsApprove = defineVerb({
  name: 'approve',
  summary: "Set a version's status to Approved (recorded in the audit log)",
  args: [{ name: 'GROUP' }, { name: 'VERSION' }],
  options: modelsApproveOptions,
  description: `Under the group's approval rules (godwit models rules GROUP): a metric threshold the
version misses, or an approver who registered it or started its run (--not-author), is refused
with E_APPROVAL_RULE. With --approvers N, each approval by a different person is a vote in the
audit log and the version stays PendingManualApproval until the Nth. A rejected version cannot be
approved: register a new version. The approver is GODWIT_USER, else the login name.`,
  examples: ['godwit models approve AbaloneModelPackageGroup 1 --note "MSE checked by hand"'],
  load: async () => (await import('../commands/models-approval.js')).approve,
});

export const modelsRejectOptions = { note: NOTE, json: JSON_FLAG } as const;

export const modelsReject = defineVerb({
  name: 'reject',
  summary: "Set a version's status to Rejected (recorded in the audit log)",
  args: [{ name: 'GROUP' }, { name: 'VERSION' }],
  options: modelsRejectOptions,
  examples: ['godwit models reject AbaloneModelPackageGroup 2 --note "worse than version 1"'],
  load: async () => (await import('../commands/models-approval.js')).reject,
});

export const modelsHistoryOptions = {
  verify: { type: 'boolean', summary: "Check the log's hash chain; E_AUDIT_TAMPERED names the first bad row." },
  json: JSON_FLAG,
} as const;

export const modelsHistory = defineVerb({
  name: 'history',
  summary: 'The approval audit log of a group, or of one version: who changed what, when and why',
  args: [{ name: 'GROUP' }, { name: 'VERSION', optional: true }],
  options: modelsHistoryOptions,
  description: `The log is append-only: the database refuses to change or delete its rows, and each
row holds the sha256 of the row before it and its own content. --verify recomputes the chain.`,
  examples: [
    'godwit models history AbaloneModelPackageGroup',
    'godwit models history AbaloneModelPackageGroup 1 --json',
    'godwit models history AbaloneModelPackageGroup --verify',
  ],
  load: async () => (await import('../commands/models-history.js')).modelsHistory,
});

export const modelsRegisterOptions = {
  model: { type: 'string', required: true, value: 'URI', summary: 'The model artifact (file://, s3://, gs:// or a local path).' },
  'approval-status': { type: 'string', value: 'STATUS', summary: 'PendingManualApproval (default), Approved or Rejected.' },
  metrics: { type: 'string', value: 'URI', summary: 'The metrics report: a JSON file, or a folder holding one.' },
  image: { type: 'string', value: 'IMAGE', summary: 'The inference container image.' },
  description: { type: 'string', value: 'TEXT', summary: "The version's description." },
  'content-type': { type: 'string', multiple: true, value: 'TYPE', summary: 'A request content type the model accepts.' },
  'response-type': { type: 'string', multiple: true, value: 'TYPE', summary: 'A response type it answers with.' },
  'inference-instance': { type: 'string', multiple: true, value: 'TYPE', summary: 'An instance type for real-time inference.' },
  'transform-instance': { type: 'string', multiple: true, value: 'TYPE', summary: 'An instance type for batch transform.' },
  'model-quality-statistics': { type: 'string', value: 'URI', summary: 'Model quality statistics report (ModelMetrics).' },
  'model-quality-constraints': { type: 'string', value: 'URI', summary: 'Model quality constraints report.' },
  'data-quality-statistics': { type: 'string', value: 'URI', summary: 'Data quality statistics report.' },
  'data-quality-constraints': { type: 'string', value: 'URI', summary: 'Data quality constraints report.' },
  'bias-report': { type: 'string', value: 'URI', summary: 'Bias report (SageMaker Clarify).' },
  'explainability-report': { type: 'string', value: 'URI', summary: 'Explainability report (SageMaker Clarify).' },
  tag: { type: 'string', multiple: true, value: 'K=V', summary: 'A tag of the version.' },
  metadata: { type: 'string', multiple: true, value: 'K=V', summary: 'Customer metadata (CustomerMetadataProperties).' },
  card: { type: 'string', value: 'FILE', summary: 'A model card: JSON with status and content, or the content alone.' },
  json: JSON_FLAG,
} as const;

export const modelsRegister = defineVerb({
  name: 'register',
  summary: 'Register a model as the next version of a group',
  args: [{ name: 'GROUP' }],
  options: modelsRegisterOptions,
  description: `What a compiled pipeline's register step runs in Godwit's image. A file:// or local
metrics report is read and stored with the version; other URIs are recorded as given.
Report files (--model-quality-statistics, …) are SageMaker's ModelMetrics: each is read through the
artifact store for its digest; the model quality statistics are the version's metrics when
--metrics is not given. --card takes SageMaker's model card JSON (its schema's keys), checked
(E_MODEL_CARD names the first bad path).`,
  examples: [
    'godwit models register AbaloneModelPackageGroup --model file:///tmp/model/ --approval-status Approved',
    'godwit models register Abalone --model s3://models/abalone/model.tar.gz --model-quality-statistics s3://models/abalone/statistics.json --tag team=rings --metadata ticket=ML-42 --card card.json',
  ],
  load: async () => (await import('../commands/models-register.js')).modelsRegister,
});

export const modelsRulesOptions = {
  min: { type: 'string', multiple: true, value: 'METRIC=VALUE', summary: 'The metric must be at least VALUE.' },
  max: { type: 'string', multiple: true, value: 'METRIC=VALUE', summary: 'The metric must be at most VALUE.' },
  approvers: { type: 'string', value: 'N', summary: 'N different people approve before the status is Approved.' },
  'not-author': { type: 'boolean', summary: 'Who registered the version or started its run may not approve it.' },
  clear: { type: 'boolean', summary: "Remove the group's rules." },
  json: JSON_FLAG,
} as const;

export const modelsRules = defineVerb({
  name: 'rules',
  summary: "Show or set a group's approval rules (metric thresholds, approvers, not the author)",
  args: [{ name: 'GROUP' }],
  options: modelsRulesOptions,
  description: `Without options: the group's rules. With any: they replace the group's rules (--clear
removes them). METRIC is a path in the version's metrics (regression_metrics.mse.value; a path
ending on {"value": n} reads n). The rules hold every approval: godwit models approve and the
SageMaker door's UpdateModelPackage.`,
  examples: [
    'godwit models rules Abalone --max regression_metrics.mse.value=5 --approvers 2 --not-author',
    'godwit models rules Abalone --json',
    'godwit models rules Abalone --clear',
  ],
  load: async () => (await import('../commands/models-rules.js')).modelsRules,
});

export const modelsGroup = defineGroup({
  name: 'models',
  summary: 'The model registry: model package groups, versions and their approval',
  verbs: [modelsList, modelsApprove, modelsReject, modelsRegister, modelsHistory, modelsRules],
});
