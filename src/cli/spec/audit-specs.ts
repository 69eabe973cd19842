/** `godwit audit`: the append-only access log, newest first. */
import { defineVerb } from './command-spec.js';

export const auditOptions = {
  principal: {
    type: 'string',
    value: 'P',
    summary: "Only this principal's decisions: a name (ana), an ARN, or local:USER.",
  },
  resource: { type: 'string', value: 'R', summary: "Only this resource (an ARN, DB.TABLE or URI); '*' matches any characters." },
  action: { type: 'string', value: 'A', summary: "Only this action (sagemaker:CreateEndpoint, 's3:*'); case does not matter." },
  denied: { type: 'boolean', summary: 'Only refusals.' },
  allowed: { type: 'boolean', summary: 'Only what was allowed.' },
  since: { type: 'string', value: 'T', summary: 'Only decisions from T on: an age (30m, 1h, 7d) or an ISO time.' },
  limit: { type: 'string', value: 'N', summary: 'At most N decisions (default 100).' },
  json: { type: 'boolean', summary: 'Machine-readable output: every decision with all its fields.' },
} as const;

export const auditSpec = defineVerb({
  name: 'audit',
  summary: 'Who was allowed or denied what: the append-only access log, newest first',
  options: auditOptions,
  description: `Reads the access log: every decision made for a principal (allowed and denied) by the
server's front doors, sql steps and stores, with its time, principal, action, resource, the grant,
filter or policy statement that decided it, and the door or command that asked. The local user's
own requests are not logged (docs/governance.md, "Audit and policies"). The database refuses to
change or delete a row of it.`,
  examples: [
    'godwit audit --denied --since 1h',
    'godwit audit --principal ana --action sagemaker:CreateEndpoint --json',
    "godwit audit --resource 'arn:aws:s3:::churn/*' --limit 20",
  ],
  load: async () => (await import('../commands/audit.js')).audit,
});
