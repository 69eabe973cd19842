import { currentActor } from '../core/actor.js';
import { ACCOUNT_ID } from '../core/arns.js';
import { GodwitError } from '../core/errors.js';
import type { Caller, Principal } from '../governance/governance-records.js';

/**
 * Who a run acts as, from start to finish: the principal `godwit run --as P` named (or the
 * server's authenticated caller), else the local user. It is recorded on the run as `startedBy`:
 * a principal's ARN (its Lake Formation identifier, unambiguous across users and roles), the
 * local user's login name otherwise, as before principals existed. Steps see it as `ctx.caller`
 * (sql steps and store access run as it).
 */
export function localCaller(env: NodeJS.ProcessEnv = process.env): Caller {
  return { kind: 'local', user: currentActor(env) };
}

/** What `startedBy` records for a caller. */
export function startedByOf(caller: Caller): string {
  return caller.kind === 'principal' ? caller.principal.arn : caller.user;
}

const IAM_ARN = /^arn:aws:iam::\d{12}:(user|role)\/(.+)$/;

/**
 * The principal `--as NAME` (a name or an IAM ARN) names. `lookup` is the principal store's
 * `get`: a name it does not know is E_PRINCIPAL_NOT_FOUND. Without one (a caller that keeps no
 * principals, as tests do) the name is taken as a user's on trust, with no policies, and
 * `unchecked` says so.
 */
export async function resolveRunAs(
  nameOrArn: string,
  lookup?: (nameOrArn: string) => Promise<Principal | undefined>,
): Promise<{ caller: Caller; unchecked: boolean }> {
  if (lookup) {
    const principal = await lookup(nameOrArn);
    if (principal) return { caller: { kind: 'principal', principal }, unchecked: false };
    throw new GodwitError('E_PRINCIPAL_NOT_FOUND', `There is no principal "${nameOrArn}" to run as.`, {
      hint: 'List them with: godwit principals list; create one with: godwit principals create NAME',
    });
  }
  return { caller: { kind: 'principal', principal: provisional(nameOrArn) }, unchecked: true };
}

/** A resumed run's caller, from what its record's `startedBy` says. */
export async function callerOfRun(
  startedBy: string | undefined,
  lookup?: (nameOrArn: string) => Promise<Principal | undefined>,
): Promise<Caller> {
  if (startedBy === undefined || !IAM_ARN.test(startedBy)) return { kind: 'local', user: startedBy ?? currentActor() };
  return (await resolveRunAs(startedBy, lookup)).caller;
}

/**
 * Who work started under an IAM role acts as (a Step Functions execution's `roleArn`, an
 * EventBridge target's `RoleArn`): the role's principal when `lookup` knows that ARN, as AWS runs
 * the work as the role; undefined otherwise, and the work runs as the local user (Godwit's local
 * default: a role it does not know has the local user's rights, as LocalStack accepts any role).
 */
export async function roleCaller(
  roleArn: string | undefined,
  lookup: (nameOrArn: string) => Promise<Principal | undefined>,
): Promise<Extract<Caller, { kind: 'principal' }> | undefined> {
  if (roleArn === undefined || !IAM_ARN.test(roleArn)) return undefined;
  const principal = await lookup(roleArn);
  return principal ? { kind: 'principal', principal } : undefined;
}

function provisional(nameOrArn: string): Principal {
  const m = IAM_ARN.exec(nameOrArn);
  const kind = m?.[1] === 'role' ? 'role' : 'user';
  const name = m ? (m[2] as string) : nameOrArn;
  return { name, kind, arn: m ? nameOrArn : `arn:aws:iam::${ACCOUNT_ID}:user/${name}`, policies: [], createdAt: new Date(0) };
}
