// Churn evaluation: score the held-out test split (headerless CSV, label first, as the warehouse
// UNLOADed it) with the trained linear-learner binary classifier and write
// evaluation/evaluation.json in the shape SageMaker's model quality metrics use:
//   {"binary_classification_metrics": {"auc": {"value"}, "accuracy": {"value"}, "f1": {"value"},
//    "precision": {"value"}, "recall": {"value"}, "rows": …, "positives": …}}
//
// The model is Godwit's linear-learner JSON (model.json, docs/model-formats.md): the probability
// of churn is 1 / (1 + exp(-(dot(weights, x) + bias))), and the predicted label compares it with
// the model's threshold. Locally the model folder holds model.json; on SageMaker it holds
// model.tar.gz, which is read with a small tar reader. The test split may be several files
// (UNLOAD writes `<prefix>0000_part_00`, …): every file in the folder is read, in name order.
// Plain Node with node: built-ins only.
//
//   node evaluate.mjs
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

const dir = (envName, containerPath) => process.env[envName] ?? containerPath;

const modelDir = dir('GODWIT_INPUT_MODEL', '/opt/ml/processing/model');
const testDir = dir('GODWIT_INPUT_TEST', '/opt/ml/processing/test');
const outputDir = dir('GODWIT_OUTPUT_EVALUATION', '/opt/ml/processing/evaluation');

function fail(message) {
  console.error(`evaluate: ${message}`);
  process.exit(1);
}

/** A file's bytes from a .tar.gz archive (ustar or GNU headers, regular files only). */
function fromTarGz(archive, wanted) {
  const tar = gunzipSync(readFileSync(archive));
  const text = (start, length) =>
    tar
      .subarray(start, start + length)
      .toString('utf8')
      .replace(/\0.*$/s, '');
  for (let at = 0; at + 512 <= tar.length && tar[at] !== 0; ) {
    const prefix = text(at + 345, 155);
    const name = (prefix ? `${prefix}/` : '') + text(at, 100);
    const size = Number.parseInt(text(at + 124, 12).trim() || '0', 8);
    if (name.replace(/^\.\//, '') === wanted) return tar.subarray(at + 512, at + 512 + size);
    at += 512 + Math.ceil(size / 512) * 512;
  }
  return undefined;
}

function loadModel() {
  const path = join(modelDir, 'model.json');
  const tarball = join(modelDir, 'model.tar.gz');
  const bytes = existsSync(path) ? readFileSync(path) : existsSync(tarball) ? fromTarGz(tarball, 'model.json') : undefined;
  if (!bytes) fail(`no model.json (or model.tar.gz holding one) in ${modelDir}.`);
  const model = JSON.parse(bytes.toString('utf8'));
  if (model.format !== 'godwit.linear-learner' || model.version !== 1) {
    fail(
      `${modelDir} holds format ${JSON.stringify(model.format)} v${model.version}; this script reads "godwit.linear-learner" v1.`,
    );
  }
  if (model.predictorType !== 'binary_classifier')
    fail(`the model is a ${model.predictorType}; churn needs a binary_classifier.`);
  return model;
}

/** Every data file of the split: a file given directly, or all files in the folder but manifests. */
function testFiles() {
  if (existsSync(testDir) && statSync(testDir).isFile()) return [testDir];
  const names = existsSync(testDir) ? readdirSync(testDir).filter((n) => !n.startsWith('.') && !/manifest/.test(n)) : [];
  if (names.length === 0) fail(`no file in the test folder ${testDir}; expected the UNLOADed test split.`);
  return names.sort().map((n) => join(testDir, n));
}

function readRows(files, featureDim) {
  const labels = [];
  const features = [];
  for (const file of files) {
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((raw, index) => {
        const line = raw.replace(/\r$/, '');
        if (line.trim() === '') return;
        const cells = line.split(',').map((c) => (c.trim() === '' ? Number.NaN : Number(c)));
        if (cells.length !== featureDim + 1)
          fail(`${file}, line ${index + 1}: ${cells.length} columns, expected the label and ${featureDim} features.`);
        const bad = cells.findIndex((v) => !Number.isFinite(v));
        if (bad !== -1) fail(`${file}, line ${index + 1}, column ${bad + 1}: not a number.`);
        labels.push(cells[0]);
        features.push(cells.slice(1));
      });
  }
  if (labels.length === 0) fail(`the test split (${files.join(', ')}) has no rows.`);
  return { labels, features };
}

/** Area under the ROC curve by the rank statistic (Mann–Whitney U), ties counted as one half. */
function auc(labels, scores) {
  const order = scores.map((s, i) => [s, labels[i]]).sort((a, b) => a[0] - b[0]);
  let positives = 0;
  let rankSum = 0;
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j < order.length && order[j][0] === order[i][0]) j++;
    const midRank = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) {
      if (order[k][1] !== 1) continue;
      positives++;
      rankSum += midRank;
    }
    i = j;
  }
  const negatives = order.length - positives;
  if (positives === 0 || negatives === 0) fail('the test split holds only one class, so AUC is undefined.');
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

function confusion(labels, predicted) {
  const c = { tp: 0, fp: 0, tn: 0, fn: 0 };
  labels.forEach((y, i) => {
    if (predicted[i] === 1) y === 1 ? c.tp++ : c.fp++;
    else y === 1 ? c.fn++ : c.tn++;
  });
  return c;
}

const model = loadModel();
const { labels, features } = readRows(testFiles(), model.featureDim);
const scores = features.map((x) => 1 / (1 + Math.exp(-x.reduce((sum, v, j) => sum + v * model.weights[j], model.bias))));
const c = confusion(
  labels,
  scores.map((s) => (s >= model.threshold ? 1 : 0)),
);
const precision = c.tp + c.fp === 0 ? 0 : c.tp / (c.tp + c.fp);
const recall = c.tp + c.fn === 0 ? 0 : c.tp / (c.tp + c.fn);
const metrics = {
  auc: { value: auc(labels, scores) },
  accuracy: { value: (c.tp + c.tn) / labels.length },
  f1: { value: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall) },
  precision: { value: precision },
  recall: { value: recall },
  rows: labels.length,
  positives: c.tp + c.fn,
};
mkdirSync(outputDir, { recursive: true });
writeFileSync(join(outputDir, 'evaluation.json'), JSON.stringify({ binary_classification_metrics: metrics }));
const f = (v) => v.toFixed(3);
console.log(
  `evaluate: test AUC ${f(metrics.auc.value)}, accuracy ${f(metrics.accuracy.value)}, F1 ${f(metrics.f1.value)} over ${labels.length} customers (${metrics.positives} churned)`,
);
