import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { readExecution } from '../../../src/monitor/report/index.js';
import { cli } from '../../cli/capture.js';
import { scratchDir } from '../../helpers/scratch.js';
import { buckets, numeric, writeExecution } from './report-files.js';

const UNIFORM = [10, 10, 10, 10, 10, 10, 10, 10, 10, 10];

describe('godwit monitor report', () => {
  const root = scratchDir('godwit-monitor-report-cli-');
  const baseline = writeExecution(join(root, 'baseline'), [
    numeric('Length', 0.5, buckets(0, 1, UNIFORM)),
    numeric('Diameter', 0.4, buckets(0, 0.8, UNIFORM)),
  ]);
  const earlier = writeExecution(
    join(root, 'hour-09'),
    [numeric('Length', 0.5, buckets(0, 1, UNIFORM)), numeric('Diameter', 0.4, buckets(0, 0.8, UNIFORM))],
    [],
  );
  const now = writeExecution(
    join(root, 'hour-10'),
    [numeric('Length', 0.75, buckets(0, 1.5, UNIFORM)), numeric('Diameter', 0.4, buckets(0, 0.8, UNIFORM))],
    [
      {
        feature_name: 'Length',
        constraint_check_type: 'baseline_drift_check',
        description: 'Baseline drift distance: 0.3333 exceeds threshold: 0.1',
      },
    ],
  );

  test('prints the feature table and writes the HTML report where --output says', async () => {
    const out = join(root, 'drift.html');
    const r = await cli(['monitor', 'report', now, '--baseline', baseline, '--history', earlier, '--output', out]);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trim().split('\n');
    assert.match(lines[0]!, /^FEATURE\s+TYPE\s+BASELINE MEAN\s+CURRENT MEAN\s+DRIFT\s+VIOLATION$/);
    assert.match(lines[1]!, /^Length\s+Fractional\s+0\.5\s+0\.75\s+0\.3333\s+baseline_drift_check$/);
    assert.match(lines[2]!, /^Diameter\s+Fractional\s+0\.4\s+0\.4\s+0\s+-$/);
    assert.match(r.stdout, /1 violation; report written to .*drift\.html/);
    const html = readFileSync(out, 'utf8');
    assert.ok(html.startsWith('<!DOCTYPE html>'));
    assert.match(html, /hour-09/, 'the earlier execution names a point of the trend');
  });

  test('a name that is no folder, execution or schedule is refused, naming it', async () => {
    const home = join(root, 'home');
    const r = await cli(['monitor', 'report', 'no-such-schedule', '--output', join(root, 'x.html')], { GODWIT_HOME: home });
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /no-such-schedule is no folder, monitoring execution or schedule/);
  });

  test('refuses a folder with no monitoring files, naming it', async () => {
    const empty = scratchDir('godwit-monitor-report-empty-');
    const r = await cli(['monitor', 'report', empty, '--output', join(empty, 'r.html')]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /has none of statistics\.json, constraint_violations\.json, constraints\.json/);
    await assert.rejects(readExecution(empty), { code: 'E_MONITOR_REPORT_INPUT' });
    assert.ok(r.stderr.includes(empty));
    assert.equal(existsSync(join(empty, 'r.html')), false);
  });
});
