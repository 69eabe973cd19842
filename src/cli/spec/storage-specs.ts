/** `godwit storage …`: look inside artifact locations, like `aws s3 ls/cp/rm` and `gsutil`. */
import { defineGroup, defineVerb } from './command-spec.js';

const RECURSIVE = { type: 'boolean', summary: 'Every object under the prefix (or every file under the folder).' } as const;
const AS = {
  type: 'string',
  value: 'PRINCIPAL',
  summary:
    'Act as this principal (a name or IAM ARN): each object is checked against its Lake Formation\ngrants under registered locations and its IAM policies elsewhere; refusals are E_ACCESS_DENIED.',
} as const;

export const storageLsOptions = {
  recursive: RECURSIVE,
  as: AS,
  json: { type: 'boolean', summary: 'Machine-readable output: objects with key, URI, size, modified, sha256.' },
} as const;

export const storageLs = defineVerb({
  name: 'ls',
  summary: 'List objects under a URI: size, modified, key (folders as PRE, unless --recursive)',
  args: [{ name: 'URI' }],
  options: storageLsOptions,
  description: `URI is s3://bucket/prefix, gs://bucket/prefix, file:///folder or a local folder. A
prefix matches as S3 does: s3://b/runs/r lists runs/r1/… and runs/r2/…; end it with / for one folder.
Without an S3 endpoint configured, s3:// is the home's local S3 server (started if none runs).`,
  examples: ['godwit storage ls s3://godwit/runs/', 'godwit storage ls s3://godwit/runs/ --recursive --json'],
  load: async () => (await import('../commands/storage-ls.js')).storageLs,
});

export const storageCpOptions = { recursive: RECURSIVE, as: AS } as const;

export const storageCp = defineVerb({
  name: 'cp',
  summary: 'Copy a file or object local↔store or store↔store (folders with --recursive)',
  args: [{ name: 'SOURCE' }, { name: 'DESTINATION' }],
  options: storageCpOptions,
  description: `Either side is a local path, file://, s3:// or gs://. A destination ending in / (or an
existing local folder) gets the object under its own name; --recursive copies what is under SOURCE
into DESTINATION. Every copy is checked against the SHA-256 recorded with the object.`,
  examples: [
    'godwit storage cp data/abalone.csv s3://godwit/data/',
    'godwit storage cp s3://godwit/runs/run-1/train/model/ ./model --recursive',
  ],
  load: async () => (await import('../commands/storage-cp.js')).storageCp,
});

export const storageRmOptions = { recursive: RECURSIVE, as: AS } as const;

export const storageRm = defineVerb({
  name: 'rm',
  summary: 'Delete an object from a bucket (every object under a prefix with --recursive)',
  args: [{ name: 'URI' }],
  options: storageRmOptions,
  examples: ['godwit storage rm s3://godwit/data/old.csv', 'godwit storage rm s3://godwit/runs/run-1/ --recursive'],
  load: async () => (await import('../commands/storage-rm.js')).storageRm,
});

export const storageMbOptions = { as: AS } as const;

export const storageMb = defineVerb({
  name: 'mb',
  summary: 'Make an S3 bucket (on the home’s local S3 server unless an S3 endpoint is configured)',
  args: [{ name: 'URI' }],
  options: storageMbOptions,
  description: `URI is s3://bucket. A bucket that already exists and is yours is fine. Offline gs://
buckets are folders that the first write makes.`,
  examples: ['godwit storage mb s3://raw'],
  load: async () => (await import('../commands/storage-mb.js')).storageMb,
});

export const storageGroup = defineGroup({
  name: 'storage',
  summary: 'Artifact storage: list, copy and delete objects in s3://, gs:// and local folders; make buckets',
  verbs: [storageLs, storageCp, storageRm, storageMb],
});
