import { ACCOUNT_ID } from '../../core/arns.js';

/**
 * The values a principal is written as in the access log that `who` names: an ARN or `local:USER`
 * as it is; a bare name as the user's and the role's ARN, `local:NAME`, and itself.
 */
export function principalForms(who: string): string[] {
  if (who.startsWith('arn:') || who.startsWith('local:')) return [who];
  return [who, `arn:aws:iam::${ACCOUNT_ID}:user/${who}`, `arn:aws:iam::${ACCOUNT_ID}:role/${who}`, `local:${who}`];
}
