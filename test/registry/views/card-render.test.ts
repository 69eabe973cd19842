import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cardDocument } from '../../../src/registry/views/card-document.js';
import type { FilledCard } from '../../../src/registry/views/card-fill.js';
import { cardHtml, cardMarkdown, htmlEscape, mdEscape } from '../../../src/registry/views/card-render.js';

const filled: FilledCard = {
  ref: 'Fraud/4',
  approvalStatus: 'Approved',
  recorded: true,
  filled: ['evaluation_details'],
  card: {
    status: 'Approved',
    content: {
      model_overview: { model_description: 'Flags *suspicious* | payments', model_artifact: ['s3://m/4/'] },
      intended_uses: { risk_rating: 'High' },
      evaluation_details: [
        {
          name: 'holdout',
          datasets: ['s3://data/holdout.csv'],
          metric_groups: [{ name: 'quality', metric_data: [{ name: 'auc', type: 'number', value: 0.91, notes: '<5% FPR' }] }],
        },
      ],
      additional_information: { custom_details: { reviewer: "O'Brien & co" } },
    },
  },
};

test('the document: SageMaker card sections in order, empty ones left out, the fill said', () => {
  const doc = cardDocument(filled);
  assert.deepEqual(
    doc.sections.map((s) => s.title),
    ['Model overview', 'Intended uses', 'Evaluation: holdout', 'Additional information'],
  );
  assert.deepEqual(doc.sections[0].fields, [
    ['Description', 'Flags *suspicious* | payments'],
    ['Model artifacts', 's3://m/4/'],
  ]);
  assert.deepEqual(doc.sections[3].fields, [['reviewer', "O'Brien & co"]]);
  assert.equal(doc.note, "Filled in by Godwit from the version's run and metrics: evaluation_details.");
});

test('Markdown escapes what Markdown would act on; tables are GitHub-flavoured', () => {
  assert.equal(mdEscape('a|b *c* <d> _e_\nf'), 'a\\|b \\*c\\* \\<d\\> \\_e\\_ f');
  const md = cardMarkdown(cardDocument(filled));
  assert.match(md, /- \*\*Description:\*\* Flags \\\*suspicious\\\* \\\| payments\n/);
  assert.match(
    md,
    /\*\*quality\*\*\n\n\| Metric \| Value \| Notes \|\n\| --- \| --- \| --- \|\n\| auc \| 0\.91 \| \\<5% FPR \|\n/,
  );
});

test('HTML: self-contained, print CSS, every text escaped', () => {
  assert.equal(htmlEscape(`<a href="x">'&'</a>`), '&#60;a href=&#34;x&#34;&#62;&#39;&#38;&#39;&#60;/a&#62;');
  const html = cardHtml(cardDocument(filled));
  assert.match(html, /<meta charset="utf-8">/);
  assert.match(html, /@page \{ size: A4;/);
  assert.match(html, /thead \{ display: table-header-group; \}/);
  assert.match(html, /<td>&#60;5% FPR<\/td>/);
  assert.match(html, /<dd>O&#39;Brien &#38; co<\/dd>/);
  assert.doesNotMatch(html, /<script|<link|src=|href=|url\(|@import/);
});
