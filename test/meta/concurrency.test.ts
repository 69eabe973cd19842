import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { POSTGRES_SKIP, testDatabase } from '../helpers/postgres.js';
import { scratchDir } from '../helpers/scratch.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TSX = import.meta.resolve('tsx');

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A real process: the CLI (`godwit …`) or a test script, from source through tsx. */
function node(args: string[], env: Record<string, string>): Promise<Result> {
  const child = spawn(process.execPath, ['--conditions=godwit-source', '--import', TSX, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env, CI: '1' },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}
const godwit = (args: string[], env: Record<string, string>) => node([join(ROOT, 'src/cli/bin.ts'), ...args], env);

/** Four process steps that run side by side, each writing an output. */
function pipelineFile(dir: string): string {
  const file = join(dir, 'parallel.json');
  const steps = Array.from({ length: 4 }, (_, i) => ({
    name: `s${i}`,
    type: 'processing',
    process: { command: ['sh', '-c', `sleep 0.2; echo ${i} > "$GODWIT_OUTPUT_OUT/n.txt"`] },
    inputs: [],
    outputs: [{ name: 'out', type: 'dataset', source: '/opt/ml/processing/output/out' }],
  }));
  writeFileSync(file, JSON.stringify({ apiVersion: 'godwit/v1', kind: 'Pipeline', name: 'parallel', parameters: [], steps }));
  return file;
}

async function twoRunsAtOnce(env: Record<string, string>, dir: string) {
  const file = pipelineFile(dir);
  const [a, b] = await Promise.all([godwit(['run', file], env), godwit(['run', file], env)]);
  assert.equal(a.code, 0, a.stderr + a.stdout);
  assert.equal(b.code, 0, b.stderr + b.stdout);
  const list = await godwit(['runs', 'list', '--json'], env);
  assert.equal(list.code, 0, list.stderr);
  const runs = JSON.parse(list.stdout) as { id: string; status: string }[];
  assert.deepEqual(
    runs.map((r) => r.status),
    ['succeeded', 'succeeded'],
  );
  assert.notEqual(runs[0].id, runs[1].id);
  for (const run of runs) {
    const show = JSON.parse((await godwit(['runs', 'show', run.id, '--json'], env)).stdout);
    assert.deepEqual(
      show.steps.map((s: { name: string; status: string }) => `${s.name}:${s.status}`),
      ['s0:succeeded', 's1:succeeded', 's2:succeeded', 's3:succeeded'],
    );
    assert.equal(show.artifacts.length, 4);
  }
  return runs;
}

/** 4 processes × 5 registrations into one group, started at the same instant. */
async function twentyRegistrations(home: string, url: string | undefined) {
  const group = 'Contended';
  const startAt = Date.now() + 2500;
  const worker = join(ROOT, 'test/meta/fixtures/register-worker.ts');
  const results = await Promise.all(
    Array.from({ length: 4 }, () => node([worker, JSON.stringify({ home, url, group, count: 5, startAt })], {})),
  );
  const versions = results.flatMap((r) => {
    assert.equal(r.code, 0, r.stderr);
    return JSON.parse(r.stdout) as number[];
  });
  assert.deepEqual(
    versions.sort((x, y) => x - y),
    Array.from({ length: 20 }, (_, i) => i + 1),
  );
}

describe('several processes on one home: SQLite', () => {
  test('two `godwit run` at once both complete, and the file stays sound', async () => {
    const dir = scratchDir('godwit-conc-');
    const home = join(dir, 'home');
    await twoRunsAtOnce({ GODWIT_HOME: home }, dir);
    const db = new Database(join(home, 'metadata.sqlite'), { readonly: true });
    assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
    db.close();
  });

  test('20 registrations from 4 processes at the same instant get versions 1..20', async () => {
    await twentyRegistrations(join(scratchDir('godwit-conc-'), 'home'), undefined);
  });
});

describe('several processes on one database: PostgreSQL', { skip: POSTGRES_SKIP }, () => {
  test('GODWIT_DATABASE_URL moves a home to PostgreSQL: two `godwit run` at once, seen from another home', async () => {
    const dir = scratchDir('godwit-conc-pg-');
    const url = await testDatabase();
    const runs = await twoRunsAtOnce({ GODWIT_HOME: join(dir, 'a'), GODWIT_DATABASE_URL: url }, dir);
    assert.equal(existsSync(join(dir, 'a', 'metadata.sqlite')), false);
    // Another machine sharing the database (here: another home) sees the same runs.
    const elsewhere = await godwit(['runs', 'list', '--json'], { GODWIT_HOME: join(dir, 'b'), GODWIT_DATABASE_URL: url });
    assert.deepEqual(
      JSON.parse(elsewhere.stdout).map((r: { id: string }) => r.id),
      runs.map((r) => r.id),
    );
  });

  test('20 registrations from 4 processes at the same instant get versions 1..20', async () => {
    await twentyRegistrations(join(scratchDir('godwit-conc-pg-'), 'home'), await testDatabase());
  });
});

test('a password in GODWIT_DATABASE_URL never reaches the terminal', async () => {
  const dir = scratchDir('godwit-secret-');
  const url = 'postgres://godwit:Tr0ub4dor-s3cret@127.0.0.1:1/meta';
  const r = await godwit(['runs', 'list'], { GODWIT_HOME: join(dir, 'home'), GODWIT_DATABASE_URL: url, GODWIT_DEBUG: '1' });
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /Cannot reach the PostgreSQL server at 127\.0\.0\.1:1/);
  assert.match(r.stderr, /postgres:\/\/godwit:\*\*\*@127\.0\.0\.1:1\/meta/);
  assert.doesNotMatch(r.stdout + r.stderr, /Tr0ub4dor/);
});
