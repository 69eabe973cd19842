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

export const modelsGroup = defineGroup({
  name: 'models',
  summary: 'The model registry: model package groups, versions and their approval',
  verbs: [modelsList, modelsApprove, modelsReject, modelsRegister, modelsHistory],
});
