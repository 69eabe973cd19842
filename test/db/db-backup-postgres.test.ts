import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { delimiter, dirname, join } from 'node:path';
import { before, describe, test } from 'node:test';
import pg from 'pg';
import { findPostgresTool } from '../../src/db/backup/postgres-backup.js';
import { cli } from '../cli/capture.js';
import { POSTGRES_SKIP, POSTGRES_URL, testDatabase } from '../helpers/postgres.js';
import { scratchDir } from '../helpers/scratch.js';

const INTERNAL = /internal error|please report it/i;

/** Runs a printed command line in a shell, as a user pasting it would, with PostgreSQL's client programs on PATH. */
function shell(line: string, env: NodeJS.ProcessEnv = {}): string {
  const bin = dirname(findPostgresTool('pg_dump', process.env) as string);
  return execFileSync('sh', ['-c', line], {
    encoding: 'utf8',
    env: { ...process.env, PATH: `${bin}${delimiter}${process.env.PATH}`, ...env },
  });
}

async function sql<T extends pg.QueryResultRow>(url: string, text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text)).rows;
  } finally {
    await client.end();
  }
}

async function demoOn(url: string) {
  const dir = scratchDir('godwit-db-pg-');
  const env = { GODWIT_HOME: join(dir, 'home'), GODWIT_DATABASE_URL: url };
  const demo = await cli(['demo'], env, dir);
  assert.equal(demo.code, 0, demo.stdout + demo.stderr);
  return { dir, env, runId: /godwit runs show (\S+)/.exec(demo.stdout)?.[1] as string };
}

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('godwit db on PostgreSQL', { skip: POSTGRES_SKIP }, () => {
  let source: Awaited<ReturnType<typeof demoOn>>;
  let url: string;
  before(async () => {
    url = await testDatabase();
    source = await demoOn(url);
  });

  test('the printed pg_dump and pg_restore commands work: a second database restored from them holds the runs and the registry', async () => {
    const file = join(source.dir, 'godwit.dump');
    const r = await cli(['db', 'backup', file, '--json'], source.env, source.dir);
    assert.equal(r.code, 0, r.stderr);
    const guidance = JSON.parse(r.stdout);
    const bare = url; // the test server's URL has no password
    assert.equal(guidance.backup, `pg_dump --format=custom --file=${file} ${bare}`);
    assert.equal(guidance.passwordHint, undefined);
    const text = await cli(['db', 'backup', file], source.env, source.dir);
    assert.match(text.stdout, /^The metadata database is PostgreSQL \(postgres:\/\/.*\): pg_dump backs it up/);
    assert.ok(text.stdout.includes(`\n  ${guidance.backup}\n`), text.stdout);
    assert.ok(text.stdout.includes(`\n  ${guidance.restore}\n`), text.stdout);
    assert.match(text.stdout, /godwit db backup .*godwit\.dump --run/);

    shell(guidance.backup);
    assert.ok(existsSync(file));

    const target = await testDatabase();
    const env2 = { ...source.env, GODWIT_DATABASE_URL: target };
    const plan = await cli(['db', 'restore', file, '--json'], env2, source.dir);
    assert.equal(plan.code, 0, plan.stderr);
    const restore = JSON.parse(plan.stdout).restore as string;
    assert.equal(restore, `pg_restore --clean --if-exists --no-owner --dbname=${target} ${file}`);
    shell(restore);

    const runs = JSON.parse((await cli(['runs', 'list', '--json'], env2, source.dir)).stdout);
    assert.deepEqual(
      runs.map((x: { id: string; status: string }) => [x.id, x.status]),
      [[source.runId, 'succeeded']],
    );
    const shown = async (env: NodeJS.ProcessEnv) =>
      JSON.parse((await cli(['runs', 'show', source.runId, '--json'], env, source.dir)).stdout);
    assert.deepEqual(await shown(env2), await shown(source.env));
    const models = async (env: NodeJS.ProcessEnv) => (await cli(['models', 'list', '--json'], env, source.dir)).stdout;
    assert.match(await models(env2), /AbaloneModelPackageGroup/);
    assert.equal(await models(env2), await models(source.env));
    const info = JSON.parse((await cli(['db', 'info', '--json'], env2, source.dir)).stdout);
    assert.deepEqual([info.backend, info.runs, info.models], ['postgresql', 1, 1]);
    assert.ok(info.size > 0 && info.versions.every((v: { state: string }) => v.state === 'current'));
    // The lineage recorded in the first database came along.
    const count = 'SELECT (SELECT COUNT(*) FROM lineage_entities) AS e, (SELECT COUNT(*) FROM lineage_associations) AS a';
    assert.deepEqual(await sql(target, count), await sql(url, count));
  });

  test('a URL with a password: the commands leave it out, PGPASSWORD gives it to them', async () => {
    const withPassword = new URL(url);
    withPassword.password = 'hunter2 s3cret';
    const env = { ...source.env, GODWIT_DATABASE_URL: withPassword.toString() };
    const file = join(source.dir, 'pw.dump');
    const r = await cli(['db', 'backup', file], env, source.dir);
    assert.equal(r.code, 0, r.stderr);
    assert.doesNotMatch(r.stdout, /hunter2|s3cret/);
    assert.match(r.stdout, /The password in databaseUrl is left out of these commands: give it to them with export PGPASSWORD=/);
    const command = /\n {2}(pg_dump .*)\n/.exec(r.stdout)?.[1] as string;
    // The test server trusts loopback logins, so the password is accepted, not checked.
    shell(command, { PGPASSWORD: 'hunter2 s3cret' });
    assert.ok(existsSync(file));
  });

  test('db backup --run runs pg_dump and reads the dump back', async () => {
    const file = join(source.dir, 'run.dump');
    const bin = dirname(findPostgresTool('pg_dump', process.env) as string);
    const env = { ...source.env, PATH: `${bin}${delimiter}${process.env.PATH}` };
    const r = await cli(['db', 'backup', file, '--run', '--json'], env, source.dir);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout);
    assert.equal(report.file, file);
    assert.ok(report.size > 1000 && report.tables >= 20, JSON.stringify(report));
    assert.match(shell(`pg_restore --list ${file}`), / TABLE DATA public runs /);
    const again = await cli(['db', 'backup', file, '--run'], env, source.dir);
    assert.equal(again.code, 2);
    assert.match(again.stderr, /run\.dump exists already/);
  });

  test('URLs that cannot connect: wrong port, unknown login, missing database — each names the thing and the way out, never the password', async () => {
    const base = new URL(POSTGRES_URL as string);
    const wrongPort = new URL(url);
    wrongPort.port = String(await closedPort());
    wrongPort.password = 'hunter2';
    const wrongUser = new URL(url);
    wrongUser.username = 'nobody';
    wrongUser.password = 'hunter2';
    const missing = new URL(url);
    missing.pathname = '/godwit_no_such_database';
    missing.password = 'hunter2';
    const cases = [
      [
        wrongPort,
        new RegExp(
          `^error: Cannot reach the PostgreSQL server at 127\\.0\\.0\\.1:${wrongPort.port} \\(connection refused\\)\\. Start the server or correct the host and port in databaseUrl \\(postgres://postgres:\\*\\*\\*@.*, from GODWIT_DATABASE_URL or godwit\\.config\\.yaml\\)`,
        ),
      ],
      [
        wrongUser,
        new RegExp(
          `^error: The PostgreSQL server at ${base.hostname}:${base.port} refused the login: .*role "nobody" does not exist.*Check the user and password in databaseUrl \\(postgres://nobody:\\*\\*\\*@`,
        ),
      ],
      [
        missing,
        new RegExp(
          `^error: The PostgreSQL server at ${base.hostname}:${base.port} has no database "godwit_no_such_database"\\. Create it \\(createdb -h ${base.hostname} godwit_no_such_database\\)`,
        ),
      ],
    ] as const;
    for (const [bad, message] of cases) {
      const env = { ...source.env, GODWIT_DATABASE_URL: bad.toString() };
      for (const args of [
        ['runs', 'list'],
        ['db', 'info'],
        ['models', 'list'],
      ]) {
        const r = await cli(args, env, source.dir);
        assert.equal(r.code, 2, `${args.join(' ')}: ${r.stdout}${r.stderr}`);
        assert.doesNotMatch(r.stderr, INTERNAL);
        assert.doesNotMatch(r.stderr + r.stdout, /hunter2/);
        assert.match(r.stderr, message, r.stderr);
      }
    }
  });

  test('a database created by a newer Godwit: E_METADATA_VERSION through the CLI, nothing written', async () => {
    const newer = await testDatabase();
    const h = await demoOn(newer);
    await sql(newer, "UPDATE schema_versions SET version = 42 WHERE capability = 'registry'");
    const snapshot = async () =>
      sql(
        newer,
        `SELECT (SELECT string_agg(capability || '=' || version, ',' ORDER BY capability) FROM schema_versions) AS versions,
                (SELECT COUNT(*) FROM pg_tables WHERE schemaname = 'public') AS tables,
                (SELECT COUNT(*) FROM runs) AS runs, (SELECT COUNT(*) FROM events) AS events`,
      );
    const before = await snapshot();
    for (const args of [['runs', 'list'], ['models', 'list'], ['demo']]) {
      const r = await cli(args, h.env, h.dir);
      assert.equal(r.code, 2, args.join(' '));
      assert.doesNotMatch(r.stderr, INTERNAL);
      assert.match(
        r.stderr,
        /The metadata database postgres:\/\/.*godwit_test_\w+ has schema version registry 42, newer than this Godwit knows \(\d+\)\. Upgrade Godwit/,
      );
    }
    assert.deepEqual(await snapshot(), before);
    const info = await cli(['db', 'info'], h.env, h.dir);
    assert.equal(info.code, 0, info.stderr);
    assert.match(info.stdout, /\nregistry +42 +\d+ +ahead/);
  });
});
