import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { systemClock } from '../../../../src/core/clock.js';
import { toFileUri } from '../../../../src/core/uri.js';
import { suggestConstraints } from '../../../../src/monitor/data-quality/check/index.js';
import { dataQuality } from '../../../../src/monitor/data-quality/index.js';
import { parseStatistics, profileDataset, statisticsText } from '../../../../src/monitor/data-quality/profile/index.js';
import type { DataQualityViolations } from '../../../../src/monitor/monitor-files.js';
import type { MonitoringDataset, MonitoringJobInput } from '../../../../src/monitor/monitoring-job.js';
import { scratchDir } from '../../../helpers/scratch.js';
import { abaloneColumns } from '../check/exact-statistics.js';

const NAMES = ['length', 'diameter', 'height', 'whole_weight'];

function rows(n: number, seed: number, scaleHeight = 1): string[][] {
  const c = abaloneColumns(n, seed);
  return Array.from({ length: n }, (_, i) =>
    [c.length[i], c.diameter[i], c.height[i] * scaleHeight, c.whole_weight[i]].map((v) => v.toFixed(4)),
  );
}

function writeCsv(path: string, data: string[][], header = true): string {
  writeFileSync(path, `${header ? `${NAMES.join(',')}\n` : ''}${data.map((r) => r.join(',')).join('\n')}\n`);
  return toFileUri(path);
}

/** A baseline made the way `godwit monitor baseline` makes one: the profiler, then the suggestion. */
async function baseline(dir: string, header = true): Promise<{ statisticsUri: string; constraintsUri: string }> {
  const profile = await profileDataset(writeCsv(join(dir, 'train.csv'), rows(5000, 1), header), { format: 'csv', header });
  writeFileSync(join(dir, 'statistics.json'), statisticsText(profile.statistics));
  writeFileSync(join(dir, 'constraints.json'), JSON.stringify(suggestConstraints(profile.statistics), null, 2));
  return { statisticsUri: toFileUri(join(dir, 'statistics.json')), constraintsUri: toFileUri(join(dir, 'constraints.json')) };
}

function input(dir: string, dataset: MonitoringDataset, base?: MonitoringJobInput['baseline']): MonitoringJobInput {
  return { type: 'DataQuality', dataset, baseline: base, outputUri: toFileUri(join(dir, 'out')), config: {}, clock: systemClock };
}

const readViolations = (dir: string) =>
  JSON.parse(readFileSync(join(dir, 'out', 'constraint_violations.json'), 'utf8')) as DataQualityViolations;

describe('the DataQuality job on a data set', () => {
  it('flags baseline_drift_check for the feature multiplied by 1.5 and no other, and writes SageMaker’s files', async () => {
    const dir = scratchDir('godwit-dq-job-');
    const base = await baseline(dir);
    const current = writeCsv(join(dir, 'window.csv'), rows(1000, 2, 1.5));
    const result = await dataQuality.run(input(dir, { kind: 'dataset', uri: current, format: 'csv', header: true }, base));
    assert.equal(result.status, 'CompletedWithViolations', result.failureReason);
    assert.equal(result.violationCount, 1);
    const written = readViolations(dir);
    assert.deepEqual(
      written.violations.map((v) => [v.feature_name, v.constraint_check_type]),
      [['height', 'baseline_drift_check']],
    );
    assert.match(
      written.violations[0].description,
      /^Baseline drift distance: 0\.\d+ exceeds threshold: 0\.1 \(comparison method: Robust\)\.$/,
    );
    const stats = parseStatistics(readFileSync(join(dir, 'out', 'statistics.json'), 'utf8'), 'statistics.json');
    assert.deepEqual(
      stats.features.map((f) => f.name),
      NAMES,
    );
    assert.deepEqual(
      result.files.map((f) => f.split('/').pop()),
      ['statistics.json', 'constraint_violations.json'],
    );
    const metric = Object.fromEntries(result.metrics.map((m) => [m.name, m.value]));
    assert.ok(metric.feature_baseline_drift_height > 0.3, String(metric.feature_baseline_drift_height));
    for (const name of ['length', 'diameter', 'whole_weight']) {
      assert.ok(metric[`feature_baseline_drift_${name}`] <= 0.1, name);
      assert.equal(metric[`feature_non_null_${name}`], 1);
    }
  });

  it('completes without violations on a fresh sample of the baseline’s distribution', async () => {
    const dir = scratchDir('godwit-dq-job-');
    const base = await baseline(dir);
    const current = writeCsv(join(dir, 'window.csv'), rows(1000, 3));
    const result = await dataQuality.run(input(dir, { kind: 'dataset', uri: current, format: 'csv', header: true }, base));
    assert.equal(result.status, 'Completed', result.failureReason);
    assert.deepEqual(readViolations(dir), { violations: [] });
  });

  it('reports a data set of another model as missing and extra columns, not a crash', async () => {
    const dir = scratchDir('godwit-dq-job-');
    const base = await baseline(dir);
    writeFileSync(join(dir, 'other.csv'), 'length,sex\n0.5,M\n0.4,F\n');
    const result = await dataQuality.run(
      input(dir, { kind: 'dataset', uri: toFileUri(join(dir, 'other.csv')), format: 'csv', header: true }, base),
    );
    assert.equal(result.status, 'CompletedWithViolations');
    const kinds = readViolations(dir).violations.map((v) => `${v.feature_name}:${v.constraint_check_type}`);
    for (const k of [
      'diameter:missing_column_check',
      'height:missing_column_check',
      'whole_weight:missing_column_check',
      'sex:extra_column_check',
    ]) {
      assert.ok(kinds.includes(k), `${k} in ${kinds.join(', ')}`);
    }
  });

  it('fails with a coded reason, never a throw, without a baseline or with a broken one', async () => {
    const dir = scratchDir('godwit-dq-job-');
    const current = writeCsv(join(dir, 'window.csv'), rows(10, 2));
    const dataset: MonitoringDataset = { kind: 'dataset', uri: current, format: 'csv', header: true };
    const none = await dataQuality.run(input(dir, dataset));
    assert.equal(none.status, 'Failed');
    assert.match(none.failureReason ?? '', /^E_DQ_BASELINE_MISSING: /);
    writeFileSync(join(dir, 'constraints.json'), '{"version": 0}');
    const broken = await dataQuality.run(input(dir, dataset, { constraintsUri: toFileUri(join(dir, 'constraints.json')) }));
    assert.match(broken.failureReason ?? '', /^E_DQ_CONSTRAINTS_INVALID: .*constraints\.json has no "features" list/);
    const missing = await dataQuality.run(input(dir, dataset, { constraintsUri: toFileUri(join(dir, 'nowhere.json')) }));
    assert.equal(missing.status, 'Failed');
    assert.match(missing.failureReason ?? '', /^E_[A-Z_]+: .*nowhere\.json/);
  });
});

/** Capture lines as data capture writes them, in the hour folder of `time`. */
function writeCapture(root: string, time: Date, lines: string[]): void {
  const iso = time.toISOString();
  const folder = join(root, 'abalone', 'AllTraffic', iso.slice(0, 4), iso.slice(5, 7), iso.slice(8, 10), iso.slice(11, 13));
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, `capture-${time.getTime()}.jsonl`), `${lines.join('\n')}\n`);
}

const captureLine = (id: number, time: Date, row: string[]) =>
  JSON.stringify({
    captureData: {
      endpointInput: { observedContentType: 'text/csv', mode: 'INPUT', data: row.join(','), encoding: 'CSV' },
      endpointOutput: { observedContentType: 'text/csv', mode: 'OUTPUT', data: '9.5', encoding: 'CSV' },
    },
    eventMetadata: { eventId: `e-${id}`, inferenceTime: time.toISOString().replace(/\.\d+Z$/, 'Z') },
    eventVersion: '0',
  });

describe('the DataQuality job on a capture window', () => {
  const start = new Date('2026-12-06T10:00:00Z');
  const end = new Date('2026-12-06T11:00:00Z');

  it('profiles only the window’s records, points at malformed lines and flags the shifted feature', async () => {
    const dir = scratchDir('godwit-dq-capture-');
    // Headerless, as the endpoint receives rows: SageMaker names such columns _c0, _c1, ….
    const base = await baseline(dir, false);
    const capture = join(dir, 'capture');
    const shifted = rows(800, 4, 1.5);
    const at = (i: number) => new Date(start.getTime() + i * 1000);
    writeCapture(capture, at(0), [
      ...shifted.slice(0, 400).map((r, i) => captureLine(i, at(i), r)),
      'not json',
      ...shifted.slice(400).map((r, i) => captureLine(400 + i, at(400 + i), r)),
    ]);
    // Unshifted traffic an hour later lies outside the window and must not dilute it.
    writeCapture(
      capture,
      end,
      rows(800, 5).map((r, i) => captureLine(1000 + i, end, r)),
    );
    const dataset: MonitoringDataset = { kind: 'capture', captureUri: toFileUri(capture), endpointName: 'abalone', start, end };
    const result = await dataQuality.run(input(dir, dataset, base));
    assert.equal(result.status, 'CompletedWithViolations', result.failureReason);
    assert.deepEqual(
      readViolations(dir).violations.map((v) => [v.feature_name, v.constraint_check_type]),
      [['_c2', 'baseline_drift_check']],
    );
    assert.equal(result.skipped.length, 1);
    assert.match(result.skipped[0].where, /AllTraffic\/2026\/12\/06\/10\/capture-\d+\.jsonl:401$/);
    const stats = parseStatistics(readFileSync(join(dir, 'out', 'statistics.json'), 'utf8'), 'statistics.json');
    assert.equal(stats.dataset.item_count, 800);
  });

  it('fails an empty window with E_DQ_NO_DATA', async () => {
    const dir = scratchDir('godwit-dq-capture-');
    const base = await baseline(dir, false);
    mkdirSync(join(dir, 'capture'), { recursive: true });
    const dataset: MonitoringDataset = {
      kind: 'capture',
      captureUri: toFileUri(join(dir, 'capture')),
      endpointName: 'abalone',
      start,
      end,
    };
    const result = await dataQuality.run(input(dir, dataset, base));
    assert.equal(result.status, 'Failed');
    assert.match(result.failureReason ?? '', /^E_DQ_NO_DATA: No records to monitor in endpoint "abalone"'s capture/);
  });
});
