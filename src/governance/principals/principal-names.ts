import { randomBytes } from 'node:crypto';
import { ACCOUNT_ID } from '../../core/arns.js';
import { GodwitError } from '../../core/errors.js';
import type { PolicyDocument, PrincipalKind } from '../governance-records.js';

/** IAM's rule for user and role names: 1 to 64 of letters, digits and `+=,.@_-`. */
const NAME = /^[\w+=,.@-]{1,64}$/;
const ARN = new RegExp(`^arn:aws:iam::${ACCOUNT_ID}:(user|role)/([\\w+=,.@-]{1,64})$`);

export function checkPrincipalName(name: string): string {
  if (!NAME.test(name)) {
    throw new GodwitError('E_PRINCIPAL_NAME', `"${name}" is not a valid principal name.`, {
      hint: "Use 1 to 64 letters, digits and + = , . @ _ - (IAM's rule for user and role names).",
    });
  }
  return name;
}

/** `arn:aws:iam::000000000000:user/ana`, Lake Formation's `DataLakePrincipalIdentifier`. */
export function principalArn(kind: PrincipalKind, name: string): string {
  return `arn:aws:iam::${ACCOUNT_ID}:${kind}/${name}`;
}

/** The name an ARN of this account names, or undefined for anything else. */
export function nameOfArn(arn: string): { kind: PrincipalKind; name: string } | undefined {
  const m = ARN.exec(arn);
  return m ? { kind: m[1] as PrincipalKind, name: m[2] } : undefined;
}

const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** `length` characters of `alphabet`, each uniform (bytes past the last whole multiple are drawn again). */
function randomChars(alphabet: string, length: number): string {
  const limit = 256 - (256 % alphabet.length);
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < limit && out.length < length) out += alphabet[byte % alphabet.length];
    }
  }
  return out;
}

/** `AKIA` and 16 upper-case letters and digits, as IAM's long-term access key ids. */
export const newAccessKeyId = () => `AKIA${randomChars(UPPER_ALNUM, 16)}`;
/** 40 characters of base64 (240 random bits), as IAM's secret access keys. */
export const newSecretAccessKey = () => randomBytes(30).toString('base64');
/** `gw_` and 32 base62 characters (~190 random bits). */
export const newBearerToken = () => `gw_${randomChars(BASE62, 32)}`;
export const newTokenId = () => `tok-${randomChars(BASE62.slice(26), 12)}`;
export const TOKEN_PREFIX_LENGTH = 8;
export const ACCESS_KEY_ID = /^AKIA[A-Z0-9]{16}$/;
export const BEARER_TOKEN = /^gw_[A-Za-z0-9]{32}$/;

/** Checks a policy's shape (IAM's simple subset) and returns it; names the first problem found. */
export function checkPolicy(value: unknown, where: string): PolicyDocument {
  const bad = (why: string) =>
    new GodwitError('E_POLICY_INVALID', `The policy ${where} is not a valid policy document: ${why}.`, {
      hint: 'Write {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["sagemaker:Describe*"], "Resource": "*"}]}.',
    });
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw bad('it is not a JSON object');
  const doc = value as Record<string, unknown>;
  for (const key of Object.keys(doc)) if (key !== 'Version' && key !== 'Statement') throw bad(`unknown field "${key}"`);
  if (doc.Version !== undefined && doc.Version !== '2012-10-17')
    throw bad(`Version must be "2012-10-17", not ${JSON.stringify(doc.Version)}`);
  const statements = Array.isArray(doc.Statement) ? doc.Statement : doc.Statement === undefined ? undefined : [doc.Statement];
  if (!statements || statements.length === 0) throw bad('it has no Statement');
  statements.forEach((s, i) => {
    if (s === null || typeof s !== 'object' || Array.isArray(s)) throw bad(`Statement ${i + 1} is not an object`);
    const st = s as Record<string, unknown>;
    for (const key of Object.keys(st)) {
      if (!['Sid', 'Effect', 'Action', 'Resource'].includes(key))
        throw bad(`Statement ${i + 1} has "${key}", which Godwit does not evaluate`);
    }
    if (st.Effect !== 'Allow' && st.Effect !== 'Deny') throw bad(`Statement ${i + 1}'s Effect must be "Allow" or "Deny"`);
    for (const field of ['Action', 'Resource'] as const) {
      const v = st[field];
      const ok =
        typeof v === 'string' ? v !== '' : Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'string' && x !== '');
      if (!ok) throw bad(`Statement ${i + 1}'s ${field} must be a string or a non-empty list of strings`);
    }
    if (st.Sid !== undefined && typeof st.Sid !== 'string') throw bad(`Statement ${i + 1}'s Sid must be a string`);
  });
  return { ...(doc.Version ? { Version: '2012-10-17' } : {}), Statement: statements as PolicyDocument['Statement'] };
}
