import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { bqUri, tablesOf } from '../../src/lineage/bqml-lineage.js';
import { artifactArn, lineageNames } from '../../src/lineage/lineage-names.js';
import type { LineageStore } from '../../src/lineage/lineage-records.js';
import { pipeline, sql } from '../../src/pipeline/dsl/index.js';
import { speaking } from '../../src/warehouse/index.js';
import type { Warehouse } from '../../src/warehouse/warehouse.js';
import { cli } from '../cli/capture.js';
import { POSTGRES_SKIP, testDatabase } from '../helpers/postgres.js';
import { lineageHome } from './catalogs-fixture.js';

const ROWS = Array.from({ length: 30 }, (_, i) => `(${i}, ${i % 3}, ${2 * i + (i % 3) + 1})`).join(', ');

test('the training query’s tables: FROM and JOIN items, not subqueries or WITH names', () => {
  assert.deepEqual(
    tablesOf(
      'WITH recent AS (SELECT * FROM sales.orders WHERE d > 1) SELECT r.x, c.y FROM recent r JOIN `proj.crm.customers` c ON r.id = c.id, (SELECT 1)',
    ),
    [
      { schema: 'sales', name: 'orders' },
      { project: 'proj', schema: 'crm', name: 'customers' },
    ],
  );
});

function bqmlSuite(backend: string, url: () => Promise<string | undefined>, skip?: string) {
  describe(`BigQuery ML lineage, metadata on ${backend}`, { skip }, () => {
    let h: Awaited<ReturnType<typeof lineageHome>>;
    let lineage: LineageStore;
    let env: NodeJS.ProcessEnv;
    before(async () => {
      const database = await url();
      h = await lineageHome(database);
      env = { GODWIT_HOME: h.home.root, ...(database ? { GODWIT_DATABASE_URL: database } : {}) };
      lineage = h.metadata.lineage;
      await h.services.warehouses.use(undefined, async (wh: Warehouse) => {
        await wh.execute('create schema sales');
        await wh.execute(`create table sales.history as select * from (values ${ROWS}) t(x, region, y)`);
      });
    });
    after(() => h?.close());

    test('a sql step’s CREATE MODEL: its tables contributed to a BigQueryMLTraining that produced the model', async () => {
      const train = sql('train', {
        dialect: 'bigquery',
        statements:
          "CREATE OR REPLACE MODEL sales.forecast OPTIONS (model_type = 'LINEAR_REG', input_label_cols = ['y']) AS SELECT x, region, y FROM sales.history",
      });
      const outcome = await h.run(pipeline('forecast', { steps: [train] }));
      assert.equal(outcome.status, 'succeeded');
      const action = lineageNames.warehouseTraining('default.sales.forecast');
      const entity = await lineage.get(action);
      assert.deepEqual([entity?.kind, entity?.type, entity?.status], ['Action', 'BigQueryMLTraining', 'Completed']);
      assert.equal(entity?.properties?.runId, outcome.runId);
      assert.equal(entity?.properties?.modelType, 'LINEAR_REG');
      const found = await lineage.find({ sourceUri: bqUri('default', { schema: 'sales', name: 'forecast' }) });
      // The training action's Source.SourceUri is the model it made; the Model artifact is the other.
      assert.deepEqual(found.map((e) => e.type).sort(), ['BigQueryMLTraining', 'Model']);
      const model = found.find((e) => e.kind === 'Artifact');
      assert.ok(model, 'a Model artifact');
      assert.match(model?.digest ?? '', /^sha256:[0-9a-f]{64}$/);
      const up = (await lineage.query({ startArns: [model.arn], direction: 'Ascendants' })).vertices.map((v) => v.arn);
      assert.ok(up.includes(action), 'the training action');
      assert.ok(up.includes(artifactArn('bq://default.sales.history')), 'the training table');
      assert.ok(up.includes(lineageNames.step(outcome.runId, 'train')), 'the step that ran it');
    });

    test('godwit sql: a script’s CREATE MODEL is recorded with its tables, as a step’s is', async () => {
      const ran = await cli(
        [
          'sql',
          '--dialect',
          'bigquery',
          "CREATE MODEL sales.by_cli OPTIONS (model_type = 'LINEAR_REG', input_label_cols = ['y']) AS SELECT x, y FROM sales.history",
        ],
        env,
      );
      assert.equal(ran.code, 0, ran.stderr);
      const [model] = (await lineage.find({ sourceUri: 'bq://default.sales.by_cli' })).filter((e) => e.kind === 'Artifact');
      assert.ok(model, 'a Model artifact');
      const up = (await lineage.query({ startArns: [model.arn], direction: 'Ascendants' })).vertices.map((v) => v.arn);
      assert.ok(up.includes(lineageNames.warehouseTraining('default.sales.by_cli')));
      assert.ok(up.includes(artifactArn('bq://default.sales.history')));
    });

    test('a model trained before lineage is recorded (without tables) the next time a model is read there; none twice', async () => {
      // Trained behind lineage's back, as a Godwit without lineage did: only the warehouse holds it.
      await h.services.warehouses.use(undefined, async (wh: Warehouse) => {
        const bq = await speaking(wh, 'bigquery');
        await bq.execute(
          "CREATE MODEL sales.before_lineage OPTIONS (model_type = 'LINEAR_REG', input_label_cols = ['y']) AS SELECT x, y FROM sales.history",
        );
      });
      const uri = bqUri('default', { schema: 'sales', name: 'before_lineage' });
      assert.deepEqual(await lineage.find({ sourceUri: uri }), []);
      // A step that trains with a project in the model's name, then one that only reads a model.
      const projected = sql('projected', {
        dialect: 'bigquery',
        statements:
          "CREATE OR REPLACE MODEL `acme.sales.projected` OPTIONS (model_type = 'LINEAR_REG', input_label_cols = ['y']) AS SELECT x, y FROM sales.history",
      });
      const score = sql('score', {
        dialect: 'bigquery',
        statements:
          'CREATE OR REPLACE TABLE sales.scored AS SELECT * FROM ML.PREDICT(MODEL sales.projected, TABLE sales.history)',
        dependsOn: [projected],
      });
      const steps = [projected, score];
      const outcome = await h.run(pipeline('rescore', { steps }));
      assert.equal(outcome.status, 'succeeded');
      const found = await lineage.find({ sourceUri: uri });
      assert.deepEqual(found.map((e) => e.type).sort(), ['BigQueryMLTraining', 'Model']);
      const action = found.find((e) => e.kind === 'Action');
      assert.equal(action?.properties?.recordedFrom, 'warehouse');
      assert.match(action?.description ?? '', /before lineage/);
      const up = await lineage.query({
        startArns: [found.find((e) => e.kind === 'Artifact')?.arn ?? ''],
        direction: 'Ascendants',
      });
      assert.deepEqual(
        up.vertices.map((v) => v.type),
        ['BigQueryMLTraining'],
        'no tables: the warehouse does not keep them',
      );
      // The model trained as acme.sales.projected is known by its digest: not recorded again as default.sales.projected.
      assert.equal((await lineage.find({ sourceUri: 'bq://acme.sales.projected' })).length, 2);
      assert.deepEqual(await lineage.find({ sourceUri: 'bq://default.sales.projected' }), []);
      // Reconciled once: a second reading records nothing more.
      const before = (await lineage.find({ sourceUri: uri })).map((e) => e.modifiedAt.getTime());
      assert.equal((await h.run(pipeline('rescore', { steps }))).status, 'succeeded');
      assert.deepEqual(
        (await lineage.find({ sourceUri: uri })).map((e) => e.modifiedAt.getTime()),
        before,
      );
    });
  });
}

bqmlSuite('SQLite', async () => undefined);
bqmlSuite('PostgreSQL', testDatabase, POSTGRES_SKIP);
