import { userInfo } from 'node:os';

/**
 * Who is acting, as the audit log, approval rules and run records name them: `GODWIT_USER` when
 * set (CI, shared machines, a test's approver), else the login name. The server's front doors
 * name the caller by its credentials instead (the SigV4 access key).
 */
export function currentActor(env: NodeJS.ProcessEnv = process.env): string {
  const named = env.GODWIT_USER ?? env.USER ?? env.LOGNAME;
  if (named) return named;
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}
