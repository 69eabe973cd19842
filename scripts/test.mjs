#!/usr/bin/env node
// Runs the whole suite with node's test runner: every test/**/*.test.ts file, loaded through tsx
// with the `godwit-source` condition so examples import Godwit's sources, not a stale build.
// Extra arguments are file filters: `npm test -- compile` runs the files whose path has "compile".
//
// Suites that need PostgreSQL (they import test/helpers/postgres.ts) share ONE server started
// here for the whole run and reach it through GODWIT_TEST_DATABASE_URL; each makes its own
// database. Without PostgreSQL's binaries their PostgreSQL halves are skipped with a notice,
// except on CI (CI=true), where that is a failure.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, relative } from 'node:path';
import { findPostgresBin, startPostgres } from './postgres-server.mjs';

const root = new URL('..', import.meta.url).pathname;
const filters = process.argv.slice(2);

function* walk(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else if (entry.name.endsWith('.test.ts')) yield path;
  }
}

const files = [...walk(join(root, 'test'))]
  .map((f) => relative(root, f))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();
if (files.length === 0) {
  console.error(`No test files match ${filters.join(', ')}.`);
  process.exit(2);
}

const env = { ...process.env, FORCE_COLOR: process.env.FORCE_COLOR ?? '0' };
const ci = process.env.CI === 'true';
let server;
if (files.some((f) => readFileSync(join(root, f), 'utf8').includes('helpers/postgres.js'))) {
  const bin = findPostgresBin();
  try {
    if (!bin) throw new Error('initdb, pg_ctl and postgres are not on PATH nor under /usr/lib/postgresql/*/bin');
    server = await startPostgres(bin);
    env.GODWIT_TEST_DATABASE_URL = server.url;
    console.error(`PostgreSQL ${bin} for this run at ${server.url}`);
  } catch (err) {
    const reason = `PostgreSQL is not available (${err.message})`;
    if (ci) {
      console.error(`${reason}; CI must run the PostgreSQL suites. Install Debian's postgresql package.`);
      process.exit(1);
    }
    console.error(`Notice: ${reason}. The PostgreSQL halves of the metadata suites are skipped; install postgresql to run them.`);
    env.GODWIT_TEST_POSTGRES_SKIPPED = reason;
  }
}

process.on('exit', () => server?.stop());
// Files run in parallel: most of the suite waits on child processes (godwit runs, servers,
// PostgreSQL), so four files at a time finish sooner than one per core on a 2-core machine.
const concurrency = Number(process.env.GODWIT_TEST_CONCURRENCY) || Math.max(4, availableParallelism());
const child = spawn(
  process.execPath,
  [
    '--conditions=godwit-source',
    '--import',
    'tsx',
    '--test',
    `--test-concurrency=${concurrency}`,
    '--test-reporter=spec',
    '--test-reporter-destination=stdout',
    `--test-reporter=${join(root, 'scripts/slowest-files-reporter.mjs')}`,
    '--test-reporter-destination=stdout',
    ...files,
  ],
  { cwd: root, stdio: 'inherit', env },
);
// Ctrl-C reaches the runner through the terminal; a signal sent to this process alone is passed on.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    if (child.exitCode === null) child.kill(signal);
  });
}
child.on('close', (code, signal) => {
  server?.stop();
  process.exit(code ?? (signal ? 130 : 1));
});
