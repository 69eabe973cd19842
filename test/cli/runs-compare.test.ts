import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { POSTGRES_SKIP, testDatabase } from '../helpers/postgres.js';
import { cli } from './capture.js';
import { type ChurnHome, churnHome } from './models-show-home.js';

for (const backend of ['SQLite', 'PostgreSQL'] as const) {
  describe(`godwit runs compare on ${backend}`, { skip: backend === 'PostgreSQL' && POSTGRES_SKIP }, () => {
    let home: ChurnHome;
    let a: string;
    let b: string;
    before(async () => {
      home = await churnHome(backend === 'PostgreSQL' ? await testDatabase() : undefined);
      [a, b] = home.runs;
    });

    test('parameters, metrics with the best marked, durations and artifacts side by side', async () => {
      const r = await cli(['runs', 'compare', a, b], home.env);
      assert.equal(r.code, 0, r.stderr);
      const out = r.stdout;
      assert.match(out, new RegExp(`^Runs\\n +${a} +${b}\\n +pipeline +churn +churn\\n +status +succeeded +succeeded\\n`));
      assert.match(out, /Parameters\n(.*\n)*? {2}≠ learning_rate +0\.1 +0\.3\n/);
      assert.match(out, /Parameters\n(.*\n)*? {4}input_data +data\/churn\.csv +data\/churn\.csv\n/);
      assert.match(out, /≠ train +train:accuracy +0\.375 +0\.7674 \*\n/);
      assert.match(out, /≠ train +train:loss +0\.625 +0\.2326 \*\n/);
      assert.match(out, /≠ train +train:rows +3 +4\n/);
      assert.match(
        out,
        /Durations\n +STEP .*\n +\(run\) +\d[\d.]* m?s +\d[\d.]* m?s\n( +(prep|train|evaluate|register) +\d[\d.]* m?s +\d[\d.]* m?s\n){4}/,
      );
      assert.match(out, /≠ prep\/train +sha256:[0-9a-f]{12} 12 B +sha256:[0-9a-f]{12} 16 B\n/);
      assert.match(out, /\* best value: lower is better for train:loss; higher is better for train:accuracy\.\n/);
      assert.match(
        out,
        /No best value is marked for train\.train:rows: which way is better is not known from the name\. Say it with --higher NAME or --lower NAME\./,
      );
    });

    test('--metric narrows, --higher and --lower say which way is better; --json marks the best by index', async () => {
      const r = await cli(
        ['runs', 'compare', a, b, '--metric', 'train:rows', '--metric', 'train.train:loss', '--higher', 'train:rows', '--json'],
        home.env,
      );
      assert.equal(r.code, 0, r.stderr);
      const c = JSON.parse(r.stdout);
      assert.deepEqual(
        c.runs.map((x: { id: string }) => x.id),
        [a, b],
      );
      assert.deepEqual(
        c.metrics.map((m: { name: string; values: number[]; direction: string; best: number[] }) => [
          m.name,
          m.values,
          m.direction,
          m.best,
        ]),
        [
          ['train:loss', [0.625, 0.2326], 'lower', [1]],
          ['train:rows', [3, 4], 'higher', [1]],
        ].sort(),
      );
      assert.deepEqual(c.undirected, []);
      assert.deepEqual(
        c.parameters.find((p: { name: string }) => p.name === 'learning_rate'),
        { name: 'learning_rate', values: [0.1, 0.3], differs: true },
      );
      assert.ok(c.steps.every((s: { durationsMs: number[] }) => s.durationsMs.every((d) => d >= 0)));
      assert.equal(c.artifacts.find((x: { step: string }) => x.step === 'prep').values[1].size, 16);
      const flipped = JSON.parse(
        (await cli(['runs', 'compare', b, a, '--metric', 'train:accuracy', '--lower', 'train:accuracy', '--json'], home.env))
          .stdout,
      );
      assert.deepEqual(flipped.metrics[0].best, [1]);
      assert.equal(flipped.metrics[0].direction, 'lower');
    });

    test('an unknown run is a coded error naming it; one run is not a comparison', async () => {
      const r = await cli(['runs', 'compare', a, 'run-20200101-000000-000000'], home.env);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /No run "run-20200101-000000-000000" in .*List runs with: godwit runs list/);
      const one = await cli(['runs', 'compare', a], home.env);
      assert.equal(one.code, 2);
      assert.match(one.stderr, /Name at least two runs to compare/);
    });
  });
}
