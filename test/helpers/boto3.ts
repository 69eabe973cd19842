import { spawnSync } from 'node:child_process';

/** Debian's python3-boto3 (1.26, which ignores AWS_ENDPOINT_URL: scripts pass endpoint_url). */
export const PYTHON = process.env.GODWIT_PYTHON || '/usr/bin/python3';

/** Why boto3 cannot be used here, or `undefined` when it can. */
export const boto3Missing = (() => {
  const r = spawnSync(PYTHON, ['-c', 'import boto3'], { encoding: 'utf8' });
  return r.status === 0 ? undefined : `${PYTHON} cannot import boto3 (apt-get install python3-boto3)`;
})();

/** The reason to skip boto3 tests on a machine without it; on CI (`CI=true`) they run, and fail. */
export const skipWithoutBoto3: string | false = boto3Missing && process.env.CI !== 'true' ? boto3Missing : false;
