/** `godwit principals …`: users and roles, their policies, access keys and bearer tokens (docs/governance.md). */
import { defineGroup, defineVerb } from './command-spec.js';

const JSON_FLAG = { type: 'boolean', summary: 'Machine-readable output.' } as const;
export const CREDENTIAL_ACTIONS = ['create', 'list', 'delete'] as const;

export const principalsCreateOptions = {
  role: { type: 'boolean', summary: 'A role (arn:aws:iam::000000000000:role/NAME) rather than a user.' },
  description: { type: 'string', value: 'TEXT', summary: 'What it is for.' },
  policy: { type: 'string', value: 'FILE.json', multiple: true, summary: 'An IAM-style policy document to attach; repeatable.' },
  json: JSON_FLAG,
} as const;

export const principalsCreate = defineVerb({
  name: 'create',
  summary: 'Create a user (or --role) with optional policies; it gets no credentials until you make some',
  args: [{ name: 'NAME' }],
  options: principalsCreateOptions,
  description: `NAME follows IAM: 1 to 64 letters, digits and + = , . @ _ -. Once the home has a principal,
the server authenticates every request: SigV4 access keys for the AWS front doors, bearer tokens for
the REST API and the UI.`,
  examples: [
    'godwit principals create ana --description "data scientist" --policy read-only.json',
    'godwit principals create etl --role',
  ],
  load: async () => (await import('../commands/principals.js')).principalsCreate,
});

export const principalsListOptions = { json: JSON_FLAG } as const;

export const principalsList = defineVerb({
  name: 'list',
  summary: 'List principals with their ARNs and how many keys and tokens each holds',
  options: principalsListOptions,
  examples: ['godwit principals list', 'godwit principals list --json'],
  load: async () => (await import('../commands/principals.js')).principalsList,
});

export const principalsShowOptions = { json: JSON_FLAG } as const;

export const principalsShow = defineVerb({
  name: 'show',
  summary: 'Show a principal: ARN, description, policies, access keys and tokens (never a secret)',
  args: [{ name: 'NAME' }],
  options: principalsShowOptions,
  examples: ['godwit principals show ana', 'godwit principals show arn:aws:iam::000000000000:user/ana --json'],
  load: async () => (await import('../commands/principals.js')).principalsShow,
});

export const principalsDeleteOptions = { json: JSON_FLAG } as const;

export const principalsDelete = defineVerb({
  name: 'delete',
  summary: 'Delete a principal with its access keys and tokens',
  args: [{ name: 'NAME' }],
  options: principalsDeleteOptions,
  examples: ['godwit principals delete ana'],
  load: async () => (await import('../commands/principals.js')).principalsDelete,
});

export const principalsPolicyOptions = { json: JSON_FLAG } as const;

export const principalsPolicy = defineVerb({
  name: 'policy',
  summary: "Replace a principal's policies with the documents in FILE.json (one, or a JSON list of them)",
  args: [{ name: 'NAME' }, { name: 'FILE.json' }],
  options: principalsPolicyOptions,
  description: `A policy is IAM's simple subset: {"Version": "2012-10-17", "Statement": [{"Effect": "Allow" | "Deny",
"Action": "sagemaker:Describe*" | [...], "Resource": "arn:…" | "*"}]}. The file is checked before anything
is written.`,
  examples: ['godwit principals policy ana read-only.json'],
  load: async () => (await import('../commands/principals.js')).principalsPolicy,
});

export const principalsKeysOptions = { json: JSON_FLAG } as const;

export const principalsKeys = defineVerb({
  name: 'keys',
  summary: "Create, list or delete a principal's SigV4 access keys (the secret is printed once)",
  args: [
    { name: 'ACTION', choices: CREDENTIAL_ACTIONS },
    { name: 'NAME|KEY_ID', optional: true },
  ],
  options: principalsKeysOptions,
  description: `create NAME   a new key (AKIA…) and its secret, shown once and never again: the database
              keeps it encrypted with <home>/secrets.key (mode 0600).
list [NAME]   keys, their principal, status, creation and last use.
delete KEY_ID the key stops working at once.`,
  examples: [
    'godwit principals keys create ana',
    'godwit principals keys list',
    'godwit principals keys delete AKIA2EXAMPLE0KEY0ID0',
  ],
  load: async () => (await import('../commands/principals.js')).principalsKeys,
});

export const principalsTokensOptions = {
  'expires-in': {
    type: 'string',
    value: 'AGE',
    summary: '(create) The token stops working after AGE: 30m, 12h, 90d (default: never).',
  },
  json: JSON_FLAG,
} as const;

export const principalsTokens = defineVerb({
  name: 'tokens',
  summary: "Create, list or delete a principal's bearer tokens for the REST API and UI (printed once)",
  args: [
    { name: 'ACTION', choices: CREDENTIAL_ACTIONS },
    { name: 'NAME|TOKEN_ID', optional: true },
  ],
  options: principalsTokensOptions,
  description: `create NAME     a new token (gw_…), shown once: only its SHA-256 hash is stored.
list [NAME]     tokens by id and prefix, with their expiry.
delete TOKEN_ID the token, and every session signed in with it, stops working at once.`,
  examples: [
    'godwit principals tokens create ana --expires-in 90d',
    'godwit principals tokens list ana --json',
    'godwit principals tokens delete tok-4f9a2c0b1d3e',
  ],
  load: async () => (await import('../commands/principals.js')).principalsTokens,
});

export const principalsGroup = defineGroup({
  name: 'principals',
  summary: 'Users and roles, their policies, access keys and bearer tokens: who the server lets in',
  description: `With no principals the local user has every right and the server checks nothing, as before.
Once one exists, every request to the server must be signed (AWS SDKs: an access key) or carry a
token (REST API, UI), and the server may listen beyond loopback (godwit server --host).`,
  verbs: [principalsCreate, principalsList, principalsShow, principalsDelete, principalsPolicy, principalsKeys, principalsTokens],
});
