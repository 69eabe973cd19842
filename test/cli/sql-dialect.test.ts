import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { toFileUri } from '../../src/core/uri.js';
import { scratchDir } from '../helpers/scratch.js';
import { godwit } from './process.js';

test('godwit sql --dialect redshift and --dialect bigquery run their SQL on the embedded DuckDB file', async () => {
  const dir = scratchDir('godwit-sql-dialect-');
  const env = { GODWIT_HOME: join(dir, 'home') };
  mkdirSync(join(dir, 'raw'));
  writeFileSync(join(dir, 'raw', 'orders.csv'), 'id,region,amount\n1,EU,10\n2,US,\n3,EU,5\n');
  const script = join(dir, 'load.sql');
  writeFileSync(
    script,
    `-- Redshift, as written for the real cluster
CREATE SCHEMA sales;
CREATE TABLE sales.orders (id INT4, region VARCHAR(4) DISTKEY, amount DECIMAL(8,2)) SORTKEY (id);
COPY sales.orders FROM '${toFileUri(join(dir, 'raw', 'orders.csv'))}' IAM_ROLE default FORMAT AS CSV IGNOREHEADER 1;
`,
  );
  const loaded = await godwit(['sql', '--dialect', 'redshift', '-f', script], env);
  assert.equal(loaded.code, 0, loaded.stderr);

  const rs = await godwit(
    [
      'sql',
      '--dialect',
      'redshift',
      'select region, nvl(sum(amount), 0)::int4 as total from sales.orders where id >= :lo group by 1 order by 1',
      '-p',
      'lo=1',
    ],
    env,
  );
  assert.equal(rs.code, 0, rs.stderr);
  assert.equal(rs.stdout, 'region  total\nEU      15\nUS      0\n');

  const bq = await godwit(
    ['sql', '--dialect', 'bigquery', 'SELECT COUNTIF(amount IS NULL) AS missing FROM `proj.sales.orders`', '--json'],
    env,
  );
  assert.equal(bq.code, 0, bq.stderr);
  assert.deepEqual(JSON.parse(bq.stdout).statements[0].rows, [{ missing: 1 }]);

  const refused = await godwit(['sql', '--dialect', 'redshift', "select to_char(getdate(), 'YYYY')"], env);
  assert.notEqual(refused.code, 0);
  assert.match(refused.stderr, /TO_CHAR/);
});
