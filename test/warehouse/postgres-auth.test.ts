/**
 * A wrong password against a server that checks passwords (SCRAM): the shared test server trusts
 * every local login, so this file starts its own small server with password authentication.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
// @ts-expect-error: a plain ES module of the test scripts, without types
import { findPostgresBin } from '../../scripts/postgres-server.mjs';
import { createWarehouse } from '../../src/warehouse/postgres/postgres-warehouse.js';
import { POSTGRES_SKIP } from '../helpers/postgres.js';
import { scratchDir } from '../helpers/scratch.js';

const bin: string | undefined = POSTGRES_SKIP ? undefined : findPostgresBin();
const root = userInfo().uid === 0;

function asOwner(cmd: string, args: string[]) {
  const [c, argv] = root ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];
  const r = spawnSync(c, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr}`);
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

function stop(data: string): void {
  asOwner(join(bin as string, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']);
}

test('a wrong password (28P01) is E_WAREHOUSE_AUTH naming host:port, never the password', {
  skip: bin ? undefined : (POSTGRES_SKIP ?? 'no PostgreSQL binaries'),
}, async () => {
  const dir = scratchDir('godwit-pg-auth-');
  if (root) {
    const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, id('-u'), id('-g'));
  }
  const pwfile = join(dir, 'pw');
  writeFileSync(pwfile, 'right-password\n');
  if (root) chownSync(pwfile, Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim()), 0);
  const data = join(dir, 'data');
  asOwner(join(bin as string, 'initdb'), [
    '-D',
    data,
    '-U',
    'postgres',
    '--auth=scram-sha-256',
    `--pwfile=${pwfile}`,
    '--no-sync',
  ]);
  const port = await freePort();
  asOwner(join(bin as string, 'pg_ctl'), [
    '-D',
    data,
    '-l',
    join(dir, 'log'),
    '-w',
    '-o',
    `-p ${port} -c listen_addresses=127.0.0.1 -k ${dir} -c fsync=off`,
    'start',
  ]);
  try {
    await check(port, dir);
  } finally {
    stop(data);
  }
});

async function check(port: number, dir: string): Promise<void> {
  const stores = () => Promise.reject(new Error('no store'));
  const good = createWarehouse(
    'ok',
    { type: 'postgres', url: `postgres://postgres:right-password@127.0.0.1:${port}/postgres` },
    { home: dir, stores },
  );
  assert.deepEqual((await good.query('select 1 as one')).rows, [{ one: 1 }]);
  await good.close();
  const bad = createWarehouse(
    'analytics',
    { type: 'postgres', url: `postgres://postgres:Wr0ng-Secret@127.0.0.1:${port}/postgres` },
    { home: dir, stores },
  );
  await assert.rejects(bad.query('select 1'), (err: Error & { code?: string; hint?: string }) => {
    assert.equal(err.code, 'E_WAREHOUSE_AUTH');
    assert.match(err.message, new RegExp(`warehouse "analytics" at 127\\.0\\.0\\.1:${port}`));
    assert.doesNotMatch(`${err.message} ${err.hint} ${err.stack}`, /Wr0ng-Secret/);
    return true;
  });
  await bad.close();
}
