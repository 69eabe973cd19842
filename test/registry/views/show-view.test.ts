import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fillCard } from '../../../src/registry/views/card-fill.js';
import { renderVersion, reportFiles } from '../../../src/registry/views/show-view.js';
import type { VersionReport } from '../../../src/registry/views/version-report.js';

const report: VersionReport = {
  ref: 'Fraud/4',
  version: {
    group: 'Fraud',
    version: 4,
    id: 'godwit:model-package/Fraud/4',
    arn: 'arn:aws:sagemaker:us-east-1:000000000000:model-package/Fraud/4',
    createdAt: new Date('2026-12-01T10:00:00Z'),
    modelUri: 's3://models/fraud/4/',
    modelSha256: 'cd'.repeat(32),
    approvalStatus: 'Approved',
    metrics: { binary_classification_metrics: { auc: { value: 0.91 } } },
    runId: 'run-20261201-095000-abcdef',
    step: 'register',
    modelMetrics: {
      modelQuality: {
        statistics: { contentType: 'application/json', uri: 's3://r/q.json', digest: `sha256:${'ef'.repeat(32)}` },
      },
      explainability: { report: { contentType: 'application/json', uri: 's3://r/shap.json' } },
    },
    tags: { team: 'risk' },
    customerMetadata: { ticket: 'ML-7' },
    modelCard: {
      status: 'Approved',
      content: {
        intended_uses: { risk_rating: 'High', purpose_of_model: 'Stop fraud' },
        training_details: { training_observations: 'By hand.' },
      },
    },
  },
  metricValues: { 'binary_classification_metrics.auc.value': 0.91 },
  approval: {
    status: 'Approved',
    last: {
      group: 'Fraud',
      version: 4,
      at: new Date('2026-12-02T08:30:00Z'),
      from: 'PendingManualApproval',
      to: 'Approved',
      actor: 'bo',
      note: 'AUC fine',
    },
  },
  run: {
    id: 'run-20261201-095000-abcdef',
    pipeline: 'fraud',
    status: 'succeeded',
    startedAt: '2026-12-01T09:50:00.000Z',
    startedBy: 'ana',
    parameters: { lr: 0.2 },
    metrics: { 'train.validation:auc': 0.9 },
  },
  training: { step: 'train', hyperparameters: { lr: 0.2, depth: 6 } },
  lineage: {
    recorded: true,
    upstream: [],
    dataSets: [
      {
        arn: 'a',
        kind: 'Artifact',
        type: 'DataSet',
        name: 'x',
        uri: 's3://data/tx.csv',
        digest: `sha256:${'12'.repeat(32)}`,
        depth: 4,
      },
    ],
    endpoints: [{ arn: 'e', kind: 'Context', type: 'Endpoint', name: 'fraud-live', depth: 2 }],
  },
};

test('ModelMetrics as a list of report files by kind', () => {
  assert.deepEqual(
    reportFiles(report.version.modelMetrics).map((f) => [f.kind, f.source.uri]),
    [
      ['model quality statistics', 's3://r/q.json'],
      ['explainability report', 's3://r/shap.json'],
    ],
  );
  assert.deepEqual(reportFiles(undefined), []);
});

test('every section of a version, governance fields included', () => {
  const text = renderVersion(report);
  assert.match(text, /^Fraud\/4 {2}Approved\n/);
  assert.match(text, /Last change +2026-12-02 08:30:00 by bo: PendingManualApproval → Approved\n +Comment +AUC fine\n/);
  assert.match(text, /Started by +ana\n/);
  assert.match(text, /model quality statistics +application\/json +s3:\/\/r\/q\.json +sha256:efefefefefef\n/);
  assert.match(text, /explainability report +application\/json +s3:\/\/r\/shap\.json +-\n/);
  assert.match(text, /Tags\n +team +risk\n\nCustomer metadata\n +ticket +ML-7\n/);
  assert.match(text, /Model card\n +Status +Approved\n +Risk rating +High\n +Purpose +Stop fraud\n/);
  assert.match(text, /Run metrics \(per step\)\n +train\.validation:auc +0\.9\n/);
  assert.match(text, /Hyperparameters \(step train\)\n +lr +0\.2\n +depth +6\n/);
  assert.match(text, /Data sets \(upstream lineage\)\n +s3:\/\/data\/tx\.csv +sha256:1212/);
  assert.match(text, /Endpoints \(downstream lineage\)\n +fraud-live$/);
});

test('a card keeps what its author wrote and is filled only where it is silent', () => {
  const filled = fillCard(report);
  assert.equal(filled.recorded, true);
  assert.deepEqual(filled.filled, ['model_overview', 'evaluation_details']);
  assert.deepEqual(filled.card.content.training_details, { training_observations: 'By hand.' });
  assert.deepEqual(filled.card.content.evaluation_details?.[0].metric_groups?.[0].metric_data, [
    { name: 'binary_classification_metrics.auc.value', type: 'number', value: 0.91 },
  ]);
  const bare = fillCard({ ...report, version: { ...report.version, modelCard: undefined } });
  assert.equal(bare.card.status, 'Draft');
  assert.deepEqual(bare.card.content.training_details?.training_job_details, {
    training_datasets: ['s3://data/tx.csv'],
    training_metrics: [{ name: 'validation:auc', value: 0.9 }],
    hyper_parameters: [
      { name: 'lr', value: '0.2' },
      { name: 'depth', value: '6' },
    ],
  });
});
