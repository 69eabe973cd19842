import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { POSTGRES_SKIP, testDatabase } from '../helpers/postgres.js';
import { cli } from './capture.js';
import { type ChurnHome, churnHome } from './models-show-home.js';

for (const backend of ['SQLite', 'PostgreSQL'] as const) {
  describe(`godwit models diff on ${backend}`, { skip: backend === 'PostgreSQL' && POSTGRES_SKIP }, () => {
    let home: ChurnHome;
    before(async () => {
      home = await churnHome(backend === 'PostgreSQL' ? await testDatabase() : undefined);
    });

    test('metrics with deltas, parameters, hyperparameters and what changed in the data', async () => {
      const r = await cli(['models', 'diff', 'Churn/1', 'Churn/2'], home.env);
      assert.equal(r.code, 0, r.stderr);
      const out = r.stdout;
      assert.match(out, /^A = Churn\/1\nB = Churn\/2\n/);
      assert.match(out, /≠ +binary_classification_metrics\.auc\.value +0\.375 +0\.7674 +\+0\.3924 +B better\n/);
      assert.match(out, /≠ +binary_classification_metrics\.log_loss\.value +0\.625 +0\.2326 +-0\.3924 +B better\n/);
      assert.match(out, /Run parameters\n(.*\n)*? {2}≠ +learning_rate +0\.1 +0\.3\n/);
      assert.match(out, /Hyperparameters\n(.*\n)*? {2}≠ +learning_rate +0\.1 +0\.3\n {5}epochs +5 +5\n/);
      // The CSV at one URI was rewritten between the runs, and so was the data set prep made of it.
      assert.match(out, /≠ +file:\/\/\S+\/project\/data\/churn\.csv +sha256:[0-9a-f]{12} +sha256:[0-9a-f]{12} +changed\n/);
      assert.match(out, /≠ +file:\/\/\S+\/runs\/\{run\}\/prep\/train\/ +sha256:[0-9a-f]{12} +sha256:[0-9a-f]{12} +changed\n/);
      assert.match(out, /Lineage \(upstream entities\)\n/);
      assert.match(out, / {5}image +example\.com\/churn-serve:1 +example\.com\/churn-serve:1\n/);
    });

    test('--json: the same data from one run, the inference spec that differs, rows only on one side', async () => {
      const r = await cli(['models', 'diff', 'Churn/2', 'Churn/3', '--json'], home.env);
      assert.equal(r.code, 0, r.stderr);
      const diff = JSON.parse(r.stdout);
      assert.equal(diff.a, 'Churn/2');
      assert.ok(diff.dataSets.length >= 2);
      assert.ok(diff.dataSets.every((d: { change: string }) => d.change === 'same'));
      assert.deepEqual(
        diff.inference.find((x: { name: string }) => x.name === 'image'),
        { name: 'image', a: 'example.com/churn-serve:1', b: 'example.com/churn-serve:2', change: 'changed' },
      );
      assert.ok(diff.metrics.every((m: { delta: number; better?: string }) => m.delta === 0 && m.better === 'same'));
      assert.deepEqual(diff.lineageRecorded, { a: true, b: true });
      const auc = diff.metrics.find((m: { name: string }) => m.name === 'binary_classification_metrics.auc.value');
      assert.equal(auc.direction, 'higher');
    });

    test('across groups, and an unknown side named', async () => {
      const register = await cli(['models', 'register', 'ChurnBaseline', '--model', 'file:///models/baseline/'], home.env);
      assert.equal(register.code, 0, register.stderr);
      const r = await cli(['models', 'diff', 'ChurnBaseline/1', 'Churn/1', '--json'], home.env);
      assert.equal(r.code, 0, r.stderr);
      const diff = JSON.parse(r.stdout);
      assert.equal(diff.a, 'ChurnBaseline/1');
      assert.deepEqual(diff.lineageRecorded.b, true);
      const auc = diff.metrics.find((m: { name: string }) => m.name === 'binary_classification_metrics.auc.value');
      assert.deepEqual(auc, { name: auc.name, b: 0.375, direction: 'higher' });
      assert.ok(diff.hyperparameters.every((h: { change: string }) => h.change === 'only-b'));
      const text = await cli(['models', 'diff', 'ChurnBaseline/1', 'Churn/1'], home.env);
      assert.match(text.stdout, /> +learning_rate +- +0\.1\n/);
      const missing = await cli(['models', 'diff', 'Churn/1', 'Churn/8'], home.env);
      assert.equal(missing.code, 2);
      assert.match(missing.stderr, /Model package group "Churn" has no version 8\. Its versions: 1, 2, 3\./);
    });
  });
}
