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

export const modelsHistoryOptions = { json: JSON_FLAG } as const;

export const modelsHistory = defineVerb({
  name: 'history',
  summary: 'The approval audit log of a group, or of one version: who changed what, when and why',
  args: [{ name: 'GROUP' }, { name: 'VERSION', optional: true }],
  options: modelsHistoryOptions,
  examples: ['godwit models history AbaloneModelPackageGroup', 'godwit models history AbaloneModelPackageGroup 1 --json'],
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
  json: JSON_FLAG,
} as const;

export const modelsRegister = defineVerb({
  name: 'register',
  summary: 'Register a model as the next version of a group',
  args: [{ name: 'GROUP' }],
  options: modelsRegisterOptions,
  description: `What a compiled pipeline's register step runs in Godwit's image. A file:// or local
metrics report is read and stored with the version; other URIs are recorded as given.`,
  examples: ['godwit models register AbaloneModelPackageGroup --model file:///tmp/model/ --approval-status Approved'],
  load: async () => (await import('../commands/models-register.js')).modelsRegister,
});

export const modelsShowOptions = { json: JSON_FLAG } as const;

export const modelsShow = defineVerb({
  name: 'show',
  summary: 'One version: model, inference spec, metrics, reports, approval, run, parameters, data and endpoints',
  args: [{ name: 'GROUP/VERSION' }],
  options: modelsShowOptions,
  description: `Everything the version records (model URI and digest, inference specification, metrics and
ModelMetrics report files, tags, customer metadata, model card summary, approval status with who
changed it last, when and why), the parameters and hyperparameters of the run that made it, the data
sets upstream of it with their digests, and the endpoints it was deployed to (from lineage).`,
  examples: ['godwit models show AbaloneModelPackageGroup/3', 'godwit models show AbaloneModelPackageGroup/3 --json'],
  load: async () => (await import('../commands/models-show.js')).modelsShow,
});

export const modelsDiffOptions = { json: JSON_FLAG } as const;

export const modelsDiff = defineVerb({
  name: 'diff',
  summary: 'Two versions side by side: metrics (with deltas), parameters, hyperparameters, data digests, lineage',
  args: [{ name: 'GROUP/A' }, { name: 'GROUP/B' }],
  options: modelsDiffOptions,
  description: `The versions may be in different groups. Data sets are matched by URI (run ids aside, so
the same pipeline output of two runs meets): same digest, changed digest, or only on one side.
"≠" marks a difference, "<" a row only in A, ">" a row only in B.`,
  examples: [
    'godwit models diff AbaloneModelPackageGroup/3 AbaloneModelPackageGroup/4',
    'godwit models diff Churn/1 ChurnV2/1 --json',
  ],
  load: async () => (await import('../commands/models-diff.js')).modelsDiff,
});

export const modelsCardsOptions = {
  format: {
    type: 'string',
    value: 'FORMAT',
    choices: ['markdown', 'html'],
    summary: 'markdown (default) or html (print-ready, for PDF).',
  },
  out: { type: 'string', value: 'FILE', summary: 'Write the card to FILE instead of standard output.' },
  json: JSON_FLAG,
} as const;

export const modelsCards = defineVerb({
  name: 'cards',
  summary: "A version's model card as Markdown or PDF-ready HTML, or the cards of a group",
  args: [{ name: 'GROUP[/VERSION]' }],
  options: modelsCardsOptions,
  description: `With a version: its model card (SageMaker Model Card content), with training and evaluation
details filled from the version's run and metrics where the card leaves them out. The HTML is one
self-contained page with print styles: open it in a browser and print to PDF. Without a version:
each version of the group with its card's status and risk rating.`,
  examples: [
    'godwit models cards AbaloneModelPackageGroup',
    'godwit models cards AbaloneModelPackageGroup/3 --format html --out card.html',
  ],
  load: async () => (await import('../commands/models-cards.js')).modelsCards,
});

export const modelsGroup = defineGroup({
  name: 'models',
  summary: 'The model registry: model package groups, versions and their approval',
  verbs: [modelsList, modelsApprove, modelsReject, modelsRegister, modelsHistory, modelsShow, modelsDiff, modelsCards],
});
