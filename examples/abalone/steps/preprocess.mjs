// Abalone preprocessing, as the SageMaker Pipelines example's preprocessing.py does it:
// one-hot sex, standardise the seven measurements, label (rings) first, shuffle, split
// 70 / 15 / 15 into train / validation / test, and write the test features alone as batch input.
//
// Plain Node with node: built-ins only, so it runs unchanged in any Node image. Paths come from
// GODWIT_INPUT_<NAME> / GODWIT_OUTPUT_<NAME> when Godwit sets them, else the SageMaker
// processing paths under /opt/ml/processing.
//
//   node preprocess.mjs [--seed 42]
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = (envName, containerPath) => process.env[envName] ?? containerPath;

const inputDir = dir('GODWIT_INPUT_RAW', '/opt/ml/processing/input');
const outputs = {
  train: dir('GODWIT_OUTPUT_TRAIN', '/opt/ml/processing/train'),
  validation: dir('GODWIT_OUTPUT_VALIDATION', '/opt/ml/processing/validation'),
  test: dir('GODWIT_OUTPUT_TEST', '/opt/ml/processing/test'),
  batch: dir('GODWIT_OUTPUT_BATCH', '/opt/ml/processing/batch'),
};

const SEXES = ['F', 'I', 'M'];
const NUMERIC = ['length', 'diameter', 'height', 'whole_weight', 'shucked_weight', 'viscera_weight', 'shell_weight'];

function fail(message) {
  console.error(`preprocess: ${message}`);
  process.exit(1);
}

function parseSeed(argv) {
  const at = argv.indexOf('--seed');
  if (at === -1) return 42;
  const seed = Number(argv[at + 1]);
  if (!Number.isInteger(seed)) fail(`--seed needs an integer, got "${argv[at + 1] ?? ''}".`);
  return seed;
}

function inputFile() {
  // The input may be staged as the file itself rather than a folder holding it.
  if (existsSync(inputDir) && statSync(inputDir).isFile()) return inputDir;
  let names;
  try {
    names = readdirSync(inputDir).filter((n) => n.toLowerCase().endsWith('.csv') && !n.startsWith('.'));
  } catch (err) {
    fail(`cannot read the input folder ${inputDir}: ${err.message}`);
  }
  if (names.length === 0) fail(`the input folder ${inputDir} has no .csv file; expected abalone.csv.`);
  return join(inputDir, names.includes('abalone.csv') ? 'abalone.csv' : names.sort()[0]);
}

/** Rows as { sex, values: number[7] (NaN when empty), rings }; a header line, if any, is skipped. */
function readRows(file) {
  const rows = [];
  const lines = readFileSync(file, 'utf8').split('\n');
  lines.forEach((raw, index) => {
    const line = raw.replace(/\r$/, '');
    if (line.trim() === '') return;
    const cells = line.split(',').map((c) => c.trim());
    if (index === 0 && cells[0].toLowerCase() === 'sex') return;
    const where = `${file}, line ${index + 1}`;
    if (cells.length !== 9) fail(`${where}: expected 9 columns (sex, 7 measurements, rings), found ${cells.length}.`);
    if (!SEXES.includes(cells[0])) fail(`${where}: sex is "${cells[0]}", expected M, F or I.`);
    const values = cells.slice(1, 8).map((c, k) => {
      if (c === '') return Number.NaN;
      const v = Number(c);
      if (!Number.isFinite(v)) fail(`${where}: ${NUMERIC[k]} is "${c}", not a number.`);
      return v;
    });
    const rings = Number(cells[8]);
    if (cells[8] === '' || !Number.isFinite(rings)) fail(`${where}: rings is "${cells[8]}", not a number.`);
    rows.push({ sex: cells[0], values, rings });
  });
  if (rows.length === 0) fail(`${file} has no data rows.`);
  return rows;
}

// Like the notebook, the median fills a missing measurement and the mean and standard deviation
// (population, as scikit-learn's StandardScaler) come from the whole data set, before the split.
function standardiser(rows) {
  return NUMERIC.map((_, k) => {
    const present = rows.map((r) => r.values[k]).filter((v) => !Number.isNaN(v));
    const sorted = [...present].sort((a, b) => a - b);
    const mid = sorted.length >> 1;
    const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    const filled = rows.map((r) => (Number.isNaN(r.values[k]) ? median : r.values[k]));
    const mean = filled.reduce((s, v) => s + v, 0) / filled.length;
    const std = Math.sqrt(filled.reduce((s, v) => s + (v - mean) ** 2, 0) / filled.length) || 1;
    return (v) => ((Number.isNaN(v) ? median : v) - mean) / std;
  });
}

// The notebook's ColumnTransformer order: label, the scaled measurements, then the one-hot sex.
function encode(rows) {
  const scale = standardiser(rows);
  return rows.map((r) => [r.rings, ...r.values.map((v, k) => scale[k](v)), ...SEXES.map((s) => (s === r.sex ? 1 : 0))]);
}

/** mulberry32: a small seeded PRNG, so the same seed gives the same split on every machine. */
function seededRandom(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle(items, random) {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
}

function write(folder, file, rows) {
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, file), rows.map((r) => r.join(',')).join('\n') + (rows.length ? '\n' : ''));
}

const seed = parseSeed(process.argv.slice(2));
const file = inputFile();
const data = encode(readRows(file));
shuffle(data, seededRandom(seed));
// Split points as numpy's np.split(X, [int(0.7 * n), int(0.85 * n)]).
const a = Math.floor(0.7 * data.length);
const b = Math.floor(0.85 * data.length);
const [train, validation, test] = [data.slice(0, a), data.slice(a, b), data.slice(b)];
write(outputs.train, 'train.csv', train);
write(outputs.validation, 'validation.csv', validation);
write(outputs.test, 'test.csv', test);
write(
  outputs.batch,
  'batch.csv',
  test.map((r) => r.slice(1)),
);
console.log(
  `preprocess: ${data.length} rows from ${file} → train ${train.length}, validation ${validation.length}, test ${test.length}, batch ${test.length} (seed ${seed})`,
);
