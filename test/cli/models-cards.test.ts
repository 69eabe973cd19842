import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { POSTGRES_SKIP, testDatabase } from '../helpers/postgres.js';
import { cli } from './capture.js';
import { type ChurnHome, churnHome } from './models-show-home.js';

for (const backend of ['SQLite', 'PostgreSQL'] as const) {
  describe(`godwit models cards on ${backend}`, { skip: backend === 'PostgreSQL' && POSTGRES_SKIP }, () => {
    let home: ChurnHome;
    before(async () => {
      home = await churnHome(backend === 'PostgreSQL' ? await testDatabase() : undefined);
    });

    test('a group lists each version with its card status and risk rating', async () => {
      const r = await cli(['models', 'cards', 'Churn'], home.env);
      assert.equal(r.code, 0, r.stderr);
      const lines = r.stdout.trimEnd().split('\n');
      assert.match(lines[0], /^VERSION +CARD +RISK +APPROVAL +DESCRIPTION$/);
      assert.match(lines[1], /^1 +\(no card\) +- +PendingManualApproval$/);
      assert.match(lines[2], /^2 +\(no card\) +- +Approved$/);
      assert.match(lines[3], /^3 +PendingReview +Medium +PendingManualApproval +Churn <b>scores<\/b> & "risk"$/);
      const json = JSON.parse((await cli(['models', 'cards', 'Churn', '--json'], home.env)).stdout);
      assert.deepEqual(json.cards[2], {
        version: 3,
        approvalStatus: 'PendingManualApproval',
        cardStatus: 'PendingReview',
        riskRating: 'Medium',
        description: 'Churn <b>scores</b> & "risk"',
      });
    });

    test("Markdown: the author's card, training and evaluation details filled from the run and metrics", async () => {
      const r = await cli(['models', 'cards', 'Churn/3'], home.env);
      assert.equal(r.code, 0, r.stderr);
      const md = r.stdout;
      assert.match(
        md,
        /^# Model card: Churn\/3\n\n- \*\*Card status:\*\* PendingReview\n- \*\*Approval status:\*\* PendingManualApproval\n/,
      );
      assert.match(md, /> Filled in by Godwit from the version's run and metrics: training\\_details, evaluation\\_details\./);
      assert.match(md, /## Model overview\n\n- \*\*Description:\*\* Churn \\<b\\>scores\\<\/b\\> & "risk"\n/);
      assert.match(md, /- \*\*Risk rating:\*\* Medium\n/);
      assert.match(md, /- \*\*Intended uses:\*\* Retention campaigns \\\| weekly\n/);
      assert.match(md, new RegExp(`- \\*\\*Observations:\\*\\* Trained by run ${home.runs[1]} of pipeline churn, step train\\.`));
      assert.match(md, /\*\*Training metrics\*\*\n\n\| Name \| Value \|\n\| --- \| --- \|\n\| train:accuracy \| 0\.7674 \|/);
      assert.match(md, /\*\*Hyperparameters\*\*\n\n\| Name \| Value \|\n\| --- \| --- \|\n\| learning\\_rate \| 0\.3 \|/);
      assert.match(md, /## Evaluation: Churn\/3 metrics report\n/);
      assert.match(md, /\| binary\\_classification\\_metrics\.auc\.value \| 0\.7674 \| {2}\|/);
      assert.match(
        md,
        /## Additional information\n\n- \*\*Caveats and recommendations:\*\* Retrain monthly\. \\<script\\>alert\(1\)\\<\/script\\>/,
      );
    });

    test('HTML: one self-contained, print-ready page with every text escaped, written by --out', async () => {
      const r = await cli(['models', 'cards', 'Churn/3', '--format', 'html', '--out', 'card.html'], home.env, home.dir);
      assert.equal(r.code, 0, r.stderr);
      const path = join(home.dir, 'card.html');
      assert.equal(r.stdout.trim(), `Wrote the model card of Churn/3 to ${path}.`);
      const html = readFileSync(path, 'utf8');
      assert.match(html, /^<!DOCTYPE html>\n<html lang="en">/);
      assert.match(html, /@page \{ size: A4; margin: [^}]+\}/);
      assert.match(html, /@media print/);
      assert.match(html, /<title>Model card: Churn\/3<\/title>/);
      assert.match(html, /<dd>Churn &#60;b&#62;scores&#60;\/b&#62; &#38; &#34;risk&#34;<\/dd>/);
      assert.match(html, /Retrain monthly\. &#60;script&#62;alert\(1\)&#60;\/script&#62;/);
      assert.doesNotMatch(html, /<script|<link|<img|@import|url\(|https?:\/\//);
      assert.match(html, /<h2>Training details<\/h2>/);
      assert.match(html, /<tr><td>binary_classification_metrics\.auc\.value<\/td><td>0\.7674<\/td><td><\/td><\/tr>/);
    });

    test('a version without a card exports a Draft made from the version; --json gives the filled card', async () => {
      const r = await cli(['models', 'cards', 'Churn/1', '--json'], home.env);
      assert.equal(r.code, 0, r.stderr);
      const filled = JSON.parse(r.stdout);
      assert.equal(filled.recorded, false);
      assert.equal(filled.card.status, 'Draft');
      assert.deepEqual(filled.filled, ['model_overview', 'training_details', 'evaluation_details']);
      assert.deepEqual(filled.card.content.training_details.training_job_details.hyper_parameters, [
        { name: 'learning_rate', value: '0.1' },
        { name: 'epochs', value: '5' },
        { name: 'optimizer', value: 'adam' },
      ]);
      assert.ok(
        filled.card.content.training_details.training_job_details.training_datasets.some((d: string) =>
          d.endsWith('/project/data/churn.csv'),
        ),
      );
      const md = await cli(['models', 'cards', 'Churn/1'], home.env);
      assert.match(md.stdout, /> This version has no model card; this Draft is made from what the version records\./);
    });

    test('bad input: an unknown group, a version that does not exist, --out for a whole group', async () => {
      const group = await cli(['models', 'cards', 'Nope'], home.env);
      assert.equal(group.code, 2);
      assert.match(group.stderr, /There is no model package group "Nope"\./);
      const version = await cli(['models', 'cards', 'Churn/7'], home.env);
      assert.match(version.stderr, /Model package group "Churn" has no version 7\. Its versions: 1, 2, 3\./);
      const out = await cli(['models', 'cards', 'Churn', '--out', 'x.md'], home.env);
      assert.equal(out.code, 2);
      assert.match(out.stderr, /--out and --format export one card; "Churn" names a whole group\..*godwit models cards Churn\/1/);
      const format = await cli(['models', 'cards', 'Churn/3', '--format', 'pdf'], home.env);
      assert.equal(format.code, 2);
      assert.match(format.stderr, /pdf/);
    });
  });
}
