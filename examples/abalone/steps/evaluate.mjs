// Abalone evaluation, as the SageMaker Pipelines example's evaluation.py does it: score the test
// set with the trained model and write evaluation/evaluation.json:
//   {"regression_metrics": {"mse": {"value": <mse>, "standard_deviation": <std>}}}
// where std is the population standard deviation of the residuals, numpy's np.std(y - ŷ).
//
// The model is Godwit's linear-learner JSON (model.json, documented in docs/model-formats.md):
// a prediction is dot(weights, x) + bias. Locally the model folder holds model.json; on SageMaker
// it holds model.tar.gz (the training job's packaged /opt/ml/model), which is read the way
// evaluation.py does with tarfile. Plain Node with node: built-ins only.
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
  let tar;
  try {
    tar = gunzipSync(readFileSync(archive));
  } catch (err) {
    fail(`${archive} is not a gzip-compressed tar archive (${err.message}).`);
  }
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
  let bytes;
  if (existsSync(path)) bytes = readFileSync(path);
  else if (existsSync(tarball)) {
    bytes = fromTarGz(tarball, 'model.json');
    if (!bytes) fail(`${tarball} holds no model.json; this script reads Godwit's linear-learner JSON model.`);
  } else {
    const found = existsSync(modelDir) ? readdirSync(modelDir) : [];
    fail(`no model.json or model.tar.gz in ${modelDir} (found: ${found.join(', ') || 'nothing'}).`);
  }
  const model = JSON.parse(bytes.toString('utf8'));
  if (model.format !== 'godwit.linear-learner' || model.version !== 1) {
    fail(
      `${path} is format ${JSON.stringify(model.format)} version ${JSON.stringify(model.version)}; this script reads "godwit.linear-learner" version 1.`,
    );
  }
  if (model.predictorType !== 'regressor') fail(`${path} is a ${model.predictorType}; the abalone evaluation needs a regressor.`);
  return model;
}

function testFile() {
  if (existsSync(testDir) && statSync(testDir).isFile()) return testDir;
  const names = existsSync(testDir) ? readdirSync(testDir).filter((n) => n.endsWith('.csv')) : [];
  if (names.length === 0) fail(`no .csv file in the test folder ${testDir}; expected test.csv.`);
  return join(testDir, names.includes('test.csv') ? 'test.csv' : names.sort()[0]);
}

function readTest(file, featureDim) {
  const labels = [];
  const features = [];
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((raw, index) => {
      const line = raw.replace(/\r$/, '');
      if (line.trim() === '') return;
      const cells = line.split(',').map((c) => (c.trim() === '' ? Number.NaN : Number(c)));
      if (cells.length !== featureDim + 1) {
        fail(`${file}, line ${index + 1}: ${cells.length} columns, expected the label and ${featureDim} features.`);
      }
      const bad = cells.findIndex((v) => !Number.isFinite(v));
      if (bad !== -1) fail(`${file}, line ${index + 1}, column ${bad + 1}: not a number.`);
      labels.push(cells[0]);
      features.push(cells.slice(1));
    });
  if (labels.length === 0) fail(`${file} has no rows.`);
  return { labels, features };
}

const model = loadModel();
const file = testFile();
const { labels, features } = readTest(file, model.featureDim);
const residuals = features.map((x, i) => labels[i] - x.reduce((sum, v, j) => sum + v * model.weights[j], model.bias));
const n = residuals.length;
const mse = residuals.reduce((s, r) => s + r * r, 0) / n;
const meanResidual = residuals.reduce((s, r) => s + r, 0) / n;
const std = Math.sqrt(residuals.reduce((s, r) => s + (r - meanResidual) ** 2, 0) / n);

const report = { regression_metrics: { mse: { value: mse, standard_deviation: std } } };
mkdirSync(outputDir, { recursive: true });
writeFileSync(join(outputDir, 'evaluation.json'), JSON.stringify(report));
console.log(`evaluate: test MSE ${mse} (standard deviation of residuals ${std}) over ${n} rows`);
