import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type BqFixture, penguinsWarehouse } from './bqml-fixture.js';

const MEASURES = 'SELECT culmen_length_mm, culmen_depth_mm, flipper_length_mm, body_mass_g, sex FROM penguins.penguins';

describe('BigQuery ML KMEANS (penguins measurements)', () => {
  let f: BqFixture;
  before(async () => {
    f = await penguinsWarehouse();
    await f.bq.execute(
      `CREATE MODEL penguins.clusters OPTIONS (model_type = 'KMEANS', num_clusters = 3, kmeans_init_method = 'KMEANS++') AS ${MEASURES}`,
    );
  });
  after(() => f.close());

  it('ML.PREDICT gives CENTROID_ID and NEAREST_CENTROIDS_DISTANCE (nearest first), then the input columns', async () => {
    const { columns, rows } = await f.bq.query(`SELECT * FROM ML.PREDICT(MODEL penguins.clusters, (${MEASURES}))`);
    assert.deepEqual(
      columns.slice(0, 3).map((c) => `${c.name} ${c.type}`),
      [
        'CENTROID_ID BIGINT',
        'NEAREST_CENTROIDS_DISTANCE STRUCT("CENTROID_ID" BIGINT, "DISTANCE" DOUBLE)[]',
        'culmen_length_mm DOUBLE',
      ],
    );
    for (const row of rows) {
      const d = row.NEAREST_CENTROIDS_DISTANCE as { CENTROID_ID: number; DISTANCE: number }[];
      assert.equal(d.length, 3);
      assert.equal(d[0].CENTROID_ID, row.CENTROID_ID);
      assert.ok(d[0].DISTANCE <= d[1].DISTANCE && d[1].DISTANCE <= d[2].DISTANCE);
    }
    const sizes = await f.bq.query(
      `SELECT CENTROID_ID, COUNT(*) AS n FROM ML.PREDICT(MODEL penguins.clusters, (${MEASURES})) GROUP BY 1`,
    );
    assert.equal(sizes.rows.length, 3);
  });

  it('ML.EVALUATE gives davies_bouldin_index and mean_squared_distance, with or without rows', async () => {
    const kept = await f.bq.query('SELECT * FROM ML.EVALUATE(MODEL penguins.clusters)');
    assert.deepEqual(
      kept.columns.map((c) => c.name),
      ['davies_bouldin_index', 'mean_squared_distance'],
    );
    const given = await f.bq.query(`SELECT * FROM ML.EVALUATE(MODEL penguins.clusters, (${MEASURES}))`);
    assert.ok(Math.abs(Number(given.rows[0].mean_squared_distance) - Number(kept.rows[0].mean_squared_distance)) < 1e-9);
    assert.ok(Number(kept.rows[0].davies_bouldin_index) > 0);
  });

  it("ML.CENTROIDS on the columns' own scale; the default number of clusters is BigQuery's log10(rows)", async () => {
    const { rows } = await f.bq.query(
      "SELECT * FROM ML.CENTROIDS(MODEL penguins.clusters) WHERE feature IN ('body_mass_g', 'sex') ORDER BY centroid_id, feature",
    );
    assert.equal(rows.length, 6);
    for (const r of rows.filter((r) => r.feature === 'body_mass_g'))
      assert.ok(Number(r.numerical_value) > 2700 && Number(r.numerical_value) < 6300);
    const sex = rows.find((r) => r.feature === 'sex')!.categorical_value as { category: string; value: number }[];
    assert.deepEqual(
      sex.map((c) => c.category),
      ['NULL', 'FEMALE', 'MALE'],
    );
    await f.bq.execute(`CREATE MODEL penguins.defaulted OPTIONS (model_type = 'KMEANS') AS ${MEASURES}`);
    const ids = await f.bq.query('SELECT DISTINCT centroid_id FROM ML.CENTROIDS(MODEL penguins.defaulted)');
    assert.equal(ids.rows.length, 3, 'round(log10(344)) = 3');
  });
});
