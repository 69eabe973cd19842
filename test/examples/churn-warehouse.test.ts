import assert from 'node:assert/strict';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { withRunS3 } from '../../src/cli/commands/run.js';
import { loadConfig } from '../../src/config/config.js';
import { cli } from '../cli/capture.js';
import { needsPostgres, testDatabase } from '../helpers/postgres.js';
import { scratchDir } from '../helpers/scratch.js';

const PIPELINE = fileURLToPath(new URL('../../examples/churn-warehouse/pipeline.ts', import.meta.url));
// Measured with 1,000 customers (seed 42): test AUC 0.827 on DuckDB and on PostgreSQL. The bound
// leaves room for a change in the solver, not for a pipeline that learned nothing (0.5).
const MIN_AUC = 0.75;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A scratch project folder with its own home, config files and server port. */
async function project() {
  const dir = scratchDir('godwit-churn-');
  const env = {
    GODWIT_HOME: join(dir, 'home'),
    GODWIT_PORT: String(await freePort()),
    HOME: dir,
    XDG_CONFIG_HOME: dir,
    PATH: process.env.PATH ?? '',
  };
  homes.push({ env, dir });
  return { dir, env };
}

// Each run on s3:// starts its home's detached S3 server; it is stopped when the tests end.
const homes: { env: NodeJS.ProcessEnv; dir: string }[] = [];
after(async () => {
  for (const h of homes) await cli(['server', 'stop'], h.env, h.dir);
});

async function runExample(p: { dir: string; env: NodeJS.ProcessEnv }) {
  const run = await cli(['run', PIPELINE, '--param', 'customers=1000', '--json'], p.env, p.dir);
  assert.equal(run.code, 0, `${run.stderr}\n${run.stdout.slice(-3000)}`);
  const report = JSON.parse(run.stdout);
  const models = JSON.parse((await cli(['models', 'list', 'ChurnModelPackageGroup', '--json'], p.env, p.dir)).stdout);
  return { report, models };
}

function stepStatuses(report: { steps: { name: string; status: string }[] }) {
  return Object.fromEntries(report.steps.map((s) => [s.name, s.status]));
}

async function splitFiles(runDir: string, output: string): Promise<string[]> {
  const dir = join(runDir, 'steps', 'transform');
  const found: string[] = [];
  const walk = async (d: string): Promise<void> => {
    for (const e of await readdir(d, { withFileTypes: true }).catch(() => [])) {
      if (e.isDirectory()) await walk(join(d, e.name));
      else if (d.endsWith(join('outputs', output))) found.push(join(d, e.name));
    }
  };
  await walk(dir);
  return found;
}

describe('examples/churn-warehouse', () => {
  test('runs on the embedded defaults: COPY from s3:// on the home server, CTAS, materialized view, UNLOAD, train, evaluate, register', async () => {
    const p = await project();
    const { report, models } = await runExample(p);
    assert.deepEqual(stepStatuses(report), {
      generate: 'succeeded',
      'load-raw': 'succeeded',
      transform: 'succeeded',
      train: 'succeeded',
      evaluate: 'succeeded',
      'check-auc': 'succeeded',
      register: 'succeeded',
      'auc-too-low': 'skipped',
    });
    assert.equal(models.length, 1);
    const auc = models[0].metrics.binary_classification_metrics.auc.value;
    assert.ok(auc >= MIN_AUC, `test AUC ${auc} < ${MIN_AUC}`);
    assert.equal(models[0].metrics.binary_classification_metrics.rows, 200); // MOD(customer_id, 10) >= 8
    // The raw exports went to the home's S3 server, where the COPY read them.
    const raw = await readdir(join(p.env.GODWIT_HOME, 's3', 'godwit-churn'), { recursive: true });
    assert.ok(raw.some((f) => String(f).includes('customers.csv')));
    // The unloaded train split is headerless CSV with the label (0 or 1) first and 17 features.
    const [first] = await splitFiles(report.runDir, 'train');
    assert.ok(first, 'the train split was unloaded');
    const line = (await readFile(first, 'utf8')).split('\n')[0].split(',');
    assert.equal(line.length, 18);
    assert.match(line[0], /^[01]$/);
  });

  test('runs on PostgreSQL as Redshift with one config line', async (t) => {
    if (!needsPostgres(t)) return;
    const url = await testDatabase();
    const p = await project();
    await writeFile(join(p.dir, 'godwit.config.yaml'), `warehouses: { default: { type: redshift, url: "${url}" } }\n`);
    const { report, models } = await runExample(p);
    assert.equal(stepStatuses(report).register, 'succeeded');
    const auc = models[0].metrics.binary_classification_metrics.auc.value;
    assert.ok(auc >= MIN_AUC, `test AUC ${auc} < ${MIN_AUC}`);
    const db = new pg.Client({ connectionString: url });
    await db.connect();
    try {
      const views = await db.query("select matviewname from pg_matviews where schemaname = 'churn'");
      assert.deepEqual(
        views.rows.map((r) => r.matviewname),
        ['customer_features'],
      );
      const counts = await db.query('select count(*)::int as n, sum(churned)::int as churned from churn.customer_features');
      assert.equal(counts.rows[0].n, 1000);
      assert.ok(counts.rows[0].churned > 100 && counts.rows[0].churned < 300);
    } finally {
      await db.end();
    }
  });
});

describe('godwit run: warehouses reach the run S3', () => {
  test("with no S3 endpoint configured, a run's warehouses use the endpoint its steps get", async () => {
    const config = loadConfig({ cwd: scratchDir('godwit-cfg-'), env: {} });
    const local = withRunS3(config, { AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:4600', AWS_REGION: 'us-east-1' });
    assert.deepEqual(local.s3, { endpoint: 'http://127.0.0.1:4600', region: 'us-east-1', forcePathStyle: true });
    assert.equal(withRunS3(config, {}), config, 'a run that does not reach S3 changes nothing');
    const configured = { ...config, s3: { endpoint: 'http://minio:9000' } };
    assert.equal(withRunS3(configured, { AWS_ENDPOINT_URL_S3: 'http://minio:9000' }), configured);
  });
});
