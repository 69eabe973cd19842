import { randomBytes } from 'node:crypto';
import { after, type TestContext } from 'node:test';
import pg from 'pg';

/**
 * The PostgreSQL server `scripts/test.mjs` started for this test run, or why there is none.
 * A suite calls `testDatabase()` for a database of its own (a random name), so files running in
 * parallel never share tables; the databases are dropped when the file's tests end.
 */
export const POSTGRES_URL = process.env.GODWIT_TEST_DATABASE_URL;

/** Why the PostgreSQL half is skipped (never on CI, where its absence fails the run). */
export const POSTGRES_SKIP = POSTGRES_URL
  ? undefined
  : (process.env.GODWIT_TEST_POSTGRES_SKIPPED ?? 'no PostgreSQL server: run the tests with node scripts/test.mjs');

if (!POSTGRES_URL && process.env.CI === 'true') {
  throw new Error(`CI must run the PostgreSQL suites, but ${POSTGRES_SKIP}.`);
}

const made: string[] = [];
after(async () => {
  if (!POSTGRES_URL || made.length === 0) return;
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  try {
    for (const name of made) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
});

/** A fresh, empty database on the test run's server: its URL. */
export async function testDatabase(): Promise<string> {
  if (!POSTGRES_URL) throw new Error(POSTGRES_SKIP);
  const name = `godwit_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  made.push(name);
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Skips a PostgreSQL test with the reason when there is no server; true when it may go on. */
export function needsPostgres(t: TestContext): boolean {
  if (POSTGRES_URL) return true;
  t.skip(POSTGRES_SKIP);
  return false;
}
