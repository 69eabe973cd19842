import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { POSTGRES_SKIP, testDatabase } from '../helpers/postgres.js';
import { cli } from './capture.js';
import { type ChurnHome, churnHome } from './models-show-home.js';

for (const backend of ['SQLite', 'PostgreSQL'] as const) {
  describe(`godwit models show on ${backend}`, { skip: backend === 'PostgreSQL' && POSTGRES_SKIP }, () => {
    let home: ChurnHome;
    before(async () => {
      home = await churnHome(backend === 'PostgreSQL' ? await testDatabase() : undefined);
    });

    test('prints what the version records, its run, its data sets and the endpoint serving it', async () => {
      const r = await cli(['models', 'show', 'Churn/2'], home.env);
      assert.equal(r.code, 0, r.stderr);
      const out = r.stdout;
      assert.match(out, /^Churn\/2 {2}Approved\n/);
      assert.match(out, /ARN +arn:aws:sagemaker:us-east-1:000000000000:model-package\/Churn\/2/);
      assert.match(out, /Digest +sha256:[0-9a-f]{64}\n/);
      assert.match(out, /Image +example\.com\/churn-serve:1\n/);
      assert.match(out, /Content types +text\/csv\n/);
      assert.match(out, /Last change +\d{4}-\d\d-\d\d \d\d:\d\d:\d\d by bo: PendingManualApproval → Approved\n/);
      assert.match(out, /Comment +AUC checked by hand\n/);
      assert.match(out, new RegExp(`Run +${home.runs[1]} \\(pipeline churn, succeeded\\)`));
      assert.match(out, /Trained by +step train\n/);
      assert.match(out, /binary_classification_metrics\.auc\.value +0\.7674\n/);
      assert.match(out, /Run metrics \(per step\)\n +train\.train:accuracy +0\.7674\n +train\.train:loss +0\.2326\n/);
      assert.match(out, /Run parameters\n(.*\n)*? +learning_rate +0\.3\n/);
      assert.match(out, /Hyperparameters \(step train\)\n +learning_rate +0\.3\n +epochs +5\n +optimizer +adam\n/);
      // The local CSV the run read and the data set prep made from it, each with its digest.
      assert.match(out, /Data sets \(upstream lineage\)\n( +\S+ +sha256:[0-9a-f]{64}\n){2}\n/);
      assert.match(out, /data\/churn\.csv +sha256:/);
      assert.match(out, /Endpoints \(downstream lineage\)\n +churn-live/);
    });

    test('--json gives the whole report: governance fields, run, training, lineage', async () => {
      const r = await cli(['models', 'show', 'Churn/3', '--json'], home.env);
      assert.equal(r.code, 0, r.stderr);
      const report = JSON.parse(r.stdout);
      assert.equal(report.ref, 'Churn/3');
      assert.deepEqual(report.version.tags, { team: 'retention', tier: 'gold' });
      assert.deepEqual(report.version.customerMetadata, { ticket: 'ML-42' });
      assert.equal(report.version.modelMetrics.modelQuality.statistics.uri, 's3://reports/churn/quality.json');
      assert.equal(report.version.modelCard.content.intended_uses.risk_rating, 'Medium');
      assert.equal(report.approval.status, 'PendingManualApproval');
      assert.equal(report.run.id, home.runs[1]);
      assert.equal(report.run.metrics['train.train:rows'], 4);
      assert.deepEqual(report.training, { step: 'train', hyperparameters: { learning_rate: 0.3, epochs: 5, optimizer: 'adam' } });
      assert.equal(report.lineage.recorded, true);
      assert.ok(report.lineage.dataSets.every((d: { digest?: string }) => /^sha256:[0-9a-f]{64}$/.test(d.digest ?? '')));
      // Version 3 was registered from the same run's model as version 2, which churn-live serves:
      // the endpoint serves version 3's very files, found through their shared model data node.
      assert.deepEqual(
        report.lineage.endpoints.map((e: { name: string; type: string }) => [e.name, e.type]),
        [['churn-live', 'Endpoint']],
      );
    });

    test('the text shows the governance fields of a version that has them', async () => {
      const r = await cli(['models', 'show', 'Churn/3'], home.env);
      assert.equal(r.code, 0, r.stderr);
      assert.match(
        r.stdout,
        /model quality statistics +application\/json +s3:\/\/reports\/churn\/quality\.json +sha256:abababababab\n/,
      );
      assert.match(r.stdout, /bias report +application\/json +s3:\/\/reports\/churn\/bias\.json +-\n/);
      assert.match(r.stdout, /Tags\n +team +retention\n +tier +gold\n/);
      assert.match(r.stdout, /Customer metadata\n +ticket +ML-42\n/);
      assert.match(r.stdout, /Model card\n +Status +PendingReview\n(.*\n)*? +Risk rating +Medium\n/);
      assert.match(r.stdout, /Endpoints \(downstream lineage\)\n +churn-live/);
    });

    test('unknown groups and versions, and a malformed reference, are coded errors with the way out', async () => {
      const group = await cli(['models', 'show', 'Nope/1'], home.env);
      assert.equal(group.code, 2);
      assert.match(group.stderr, /There is no model package group "Nope"\. List groups with: godwit models list/);
      const version = await cli(['models', 'show', 'Churn/9', '--json'], home.env);
      assert.equal(version.code, 2);
      assert.match(version.stderr, /Model package group "Churn" has no version 9\. Its versions: 1, 2, 3\./);
      const bad = await cli(['models', 'show', 'Churn'], home.env);
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, /"Churn" is not GROUP\/VERSION\..*AbaloneModelPackageGroup\/3/);
    });
  });
}
