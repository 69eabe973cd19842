import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { cli } from '../cli/capture.js';
import { POSTGRES_SKIP, testDatabase } from '../helpers/postgres.js';
import { scratchDir } from '../helpers/scratch.js';

const sha = (text: string) => `sha256:${createHash('sha256').update(text).digest('hex')}`;

// The same governance through the CLI, on the home's SQLite file and on PostgreSQL.
for (const backend of ['sqlite', 'postgres'] as const) {
  describe(`godwit models register|rules|approve|history: governance (${backend})`, {
    skip: backend === 'postgres' && POSTGRES_SKIP,
  }, () => {
    test('reports, tags, metadata and a card at registration; rules refuse, count votes and approve; the log verifies', async () => {
      const root = scratchDir('godwit-governance-cli-');
      const base: NodeJS.ProcessEnv = {
        GODWIT_HOME: join(root, 'home'),
        ...(backend === 'postgres' && { GODWIT_DATABASE_URL: await testDatabase() }),
      };
      const as = (user: string) => ({ ...base, GODWIT_USER: user });
      const statistics = JSON.stringify({ version: 0, regression_metrics: { mse: { value: 4.2, standard_deviation: 0.3 } } });
      const constraints = JSON.stringify({
        version: 0,
        regression_constraints: { mse: { threshold: 5, comparison_operator: 'GreaterThanThreshold' } },
      });
      writeFileSync(join(root, 'statistics.json'), statistics);
      writeFileSync(join(root, 'constraints.json'), constraints);
      writeFileSync(join(root, 'bias.json'), '{"version": "1.0"}');
      writeFileSync(
        join(root, 'card.json'),
        JSON.stringify({ model_overview: { model_description: 'rings from shells' }, intended_uses: { risk_rating: 'Medium' } }),
      );
      writeFileSync(join(root, 'bad-card.json'), JSON.stringify({ intended_uses: { risk_rating: 'Extreme' } }));

      const reg = await cli(
        [
          'models',
          'register',
          'Rings',
          '--model',
          'file:///m/1/',
          '--model-quality-statistics',
          'statistics.json',
          '--model-quality-constraints',
          join(root, 'constraints.json'),
          '--bias-report',
          'bias.json',
          '--explainability-report',
          'gs://nowhere-bucket/explain.json',
          '--tag',
          'team=rings',
          '--tag',
          'stage=dev',
          '--metadata',
          'ticket=ML-42',
          '--card',
          'card.json',
          '--json',
        ],
        as('author'),
        root,
      );
      assert.equal(reg.code, 0, reg.stderr);
      const v1 = JSON.parse(reg.stdout);
      assert.deepEqual(v1.modelMetrics.modelQuality, {
        statistics: { contentType: 'application/json', uri: `file://${join(root, 'statistics.json')}`, digest: sha(statistics) },
        constraints: {
          contentType: 'application/json',
          uri: `file://${join(root, 'constraints.json')}`,
          digest: sha(constraints),
        },
      });
      assert.equal(v1.modelMetrics.bias.report.digest, sha('{"version": "1.0"}'));
      assert.deepEqual(v1.modelMetrics.explainability.report, {
        contentType: 'application/json',
        uri: 'gs://nowhere-bucket/explain.json',
      });
      assert.equal(v1.metrics.regression_metrics.mse.value, 4.2, 'the model quality statistics are its metrics');
      assert.deepEqual(
        [v1.tags, v1.customerMetadata, v1.createdBy],
        [{ team: 'rings', stage: 'dev' }, { ticket: 'ML-42' }, 'author'],
      );
      assert.deepEqual(v1.modelCard, {
        status: 'Draft',
        content: { model_overview: { model_description: 'rings from shells' }, intended_uses: { risk_rating: 'Medium' } },
      });

      const badCard = await cli(
        ['models', 'register', 'Rings', '--model', 'file:///m/x/', '--card', 'bad-card.json'],
        base,
        root,
      );
      assert.equal(badCard.code, 2);
      assert.match(badCard.stderr, /intended_uses\.risk_rating is "Extreme", not one of High, Medium, Low, Unknown/);
      assert.match(badCard.stderr, /intended_uses\.risk_rating/);

      const rules = await cli(
        [
          'models',
          'rules',
          'Rings',
          '--max',
          'regression_metrics.mse.value=5',
          '--min',
          'regression_metrics.r2=0.5',
          '--approvers',
          '2',
          '--not-author',
        ],
        as('lead'),
        root,
      );
      assert.equal(rules.code, 0, rules.stderr);
      assert.match(rules.stdout, /Approval rules of Rings \(set by lead, /);
      assert.match(
        rules.stdout,
        /regression_metrics\.r2 ≥ 0\.5\n {2}regression_metrics\.mse\.value ≤ 5\n {2}2 different approvers\n {2}not the author/,
      );
      const noR2 = await cli(['models', 'approve', 'Rings', '1'], as('alice'), root);
      assert.equal(noR2.code, 2);
      assert.match(noR2.stderr, /needs the metric regression_metrics\.r2, and its metrics have none/);
      assert.match(noR2.stderr, /godwit models rules Rings --clear/);
      const shown = await cli(
        ['models', 'rules', 'Rings', '--max', 'regression_metrics.mse.value=5', '--approvers', '2', '--not-author', '--json'],
        as('lead'),
        root,
      );
      assert.deepEqual((({ updatedAt, ...rest }) => rest)(JSON.parse(shown.stdout)), {
        group: 'Rings',
        max: { 'regression_metrics.mse.value': 5 },
        approvers: 2,
        notAuthor: true,
        updatedBy: 'lead',
      });

      const byAuthor = await cli(['models', 'approve', 'Rings', '1'], as('author'), root);
      assert.equal(byAuthor.code, 2);
      assert.match(byAuthor.stderr, /author cannot approve Rings version 1: the rule "not the author"/);
      const first = await cli(['models', 'approve', 'Rings', '1', '--note', 'mse fine'], as('alice'), root);
      assert.equal(first.code, 0, first.stderr);
      assert.match(
        first.stdout,
        /Approval 1 of 2 recorded for Rings version 1 \(by alice\); it stays PendingManualApproval until 1 more different approver approves\./,
      );
      const again = await cli(['models', 'approve', 'Rings', '1'], as('alice'), root);
      assert.equal(again.code, 2);
      assert.match(again.stderr, /alice already approved Rings version 1/);
      const second = await cli(['models', 'approve', 'Rings', '1', '--json'], as('bob'), root);
      assert.equal(second.code, 0, second.stderr);
      assert.deepEqual(
        [JSON.parse(second.stdout).approvalStatus, JSON.parse(second.stdout).approvals],
        ['Approved', { approvers: ['alice', 'bob'], needed: 2 }],
      );

      const history = await cli(['models', 'history', 'Rings', '1'], base, root);
      assert.match(history.stdout, /approval vote \(PendingManualApproval\) +alice +mse fine/);
      assert.match(history.stdout, /PendingManualApproval → Approved +bob/);
      const verify = await cli(['models', 'history', 'Rings', '--verify', '--json'], base, root);
      assert.equal(verify.code, 0, verify.stderr);
      assert.deepEqual(JSON.parse(verify.stdout), { group: 'Rings', verified: true, rows: 3 });

      // Rejected is final; unknown versions and reserved names are named.
      assert.equal((await cli(['models', 'register', 'Rings', '--model', 'file:///m/2/'], as('author'), root)).code, 0);
      assert.equal((await cli(['models', 'reject', 'Rings', '2', '--note', 'leaks labels'], as('carol'), root)).code, 0);
      const rejected = await cli(['models', 'approve', 'Rings', '2'], as('alice'), root);
      assert.equal(rejected.code, 2);
      assert.match(rejected.stderr, /Rings version 2 was rejected, and a rejection is final/);
      assert.match(rejected.stderr, /Register a new version/);
      const missing = await cli(['models', 'approve', 'Rings', '9'], as('alice'), root);
      assert.equal(missing.code, 2);
      assert.match(missing.stderr, /Model package group "Rings" has no version 9/);
      assert.match(missing.stderr, /Its versions: 1, 2/);
      const reserved = await cli(['models', 'register', 'sagemaker-rings', '--model', 'file:///m/'], base, root);
      assert.equal(reserved.code, 2);
      assert.match(reserved.stderr, /"sagemaker-rings" is a reserved model package group name/);
      const cleared = await cli(['models', 'rules', 'Rings', '--clear'], as('lead'), root);
      assert.match(cleared.stdout, /Rings has no approval rules/);
    });
  });
}
