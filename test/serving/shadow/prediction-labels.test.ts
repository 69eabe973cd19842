import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { godwitHome } from '../../../src/core/home.js';
import { labelsOf } from '../../../src/serving/shadow/prediction-labels.js';
import { ShadowRecorder } from '../../../src/serving/shadow/shadow-recorder.js';
import { shadowReport } from '../../../src/serving/shadow/shadow-report.js';
import { FakeClock } from '../../helpers/fake-clock.js';
import { scratchDir } from '../../helpers/scratch.js';

describe('predicted labels', () => {
  it('reads labels where answers state them, and refuses scores', () => {
    const json = 'application/json';
    assert.deepEqual(labelsOf('{"predictions":[{"score":0.8,"predicted_label":1},{"score":0.1,"predicted_label":0}]}', json), [
      '1',
      '0',
    ]);
    assert.deepEqual(labelsOf('{"predictions":[{"score":4}]}', json), undefined, "a regressor's whole score is not a label");
    assert.deepEqual(labelsOf('[2, 0, 1]', json), ['2', '0', '1']);
    assert.deepEqual(labelsOf('[0.2, 0.8]', json), undefined);
    assert.deepEqual(labelsOf('{"predicted_label":"cat"}\n{"predicted_label":"dog"}\n', 'application/jsonlines'), ['cat', 'dog']);
    assert.deepEqual(labelsOf('2\n0\n', 'text/csv'), ['2', '0']);
    assert.deepEqual(labelsOf('setosa\nvirginica\n', 'text/csv'), ['setosa', 'virginica']);
    assert.deepEqual(labelsOf('0.25\n', 'text/csv'), undefined);
    assert.deepEqual(labelsOf('0.1,0.9\n', 'text/csv'), undefined, 'a probability vector is not a label');
  });
});

describe('the shadow report of a classifier', () => {
  it('compares predicted labels: agreement, the label changes, error rates of each side', async () => {
    const home = godwitHome(scratchDir('godwit-shadow-labels-'));
    const clock = new FakeClock(Date.parse('2026-12-06T10:00:00Z'));
    const recorder = new ShadowRecorder({ home, clock, flushIntervalMs: 60_000 });
    const request = { body: Buffer.from('1,2\n'), contentType: 'text/csv', accept: 'text/csv' };
    const side = (label: number | Error, latencyMs: number) =>
      label instanceof Error
        ? { error: label, latencyMs }
        : { body: Buffer.from(`${label}\n`), contentType: 'text/csv', latencyMs };
    // Production and shadow labels for 10 requests: 7 agree, 2 flip 1→0, one shadow error.
    const pairs: [number, number | Error][] = [
      [0, 0],
      [1, 1],
      [1, 0],
      [0, 0],
      [1, 1],
      [1, 0],
      [2, 2],
      [0, 0],
      [2, 2],
      [1, new Error('boom')],
    ];
    for (const [i, [p, s]] of pairs.entries())
      recorder.record('clf', 'AllTraffic', 'Shadow', request, side(p, 1 + i), side(s, 2 + i));
    // Another production variant's requests, and requests after the window, are left out when asked.
    clock.advance(60_000);
    recorder.record('clf', 'Other', 'Shadow', request, side(0, 1), side(1, 1));
    await recorder.flush();
    const report = await shadowReport(home, 'clf', {
      productionVariant: 'AllTraffic',
      until: new Date(Date.parse('2026-12-06T10:00:30Z')),
    });
    const [c] = report.variants;
    assert.equal(report.until, '2026-12-06T10:00:30.000Z');
    assert.equal(c.requests, 10);
    assert.equal(c.problem, 'classification');
    assert.equal(c.labelCompared, 9);
    assert.equal(c.labelAgreements, 7);
    assert.equal(c.agreement, 7 / 9);
    assert.deepEqual(c.flips, { '1→0': 2 });
    assert.deepEqual(c.errorRate, { production: 0, shadow: 0.1 });
    assert.deepEqual(c.errors.shadow, { count: 1, byCode: { E_INTERNAL: 1 } });
    const forced = await shadowReport(home, 'clf', { problem: 'regression' });
    assert.equal(forced.variants[0].problem, 'regression');
    assert.equal(forced.variants[0].requests, 11);
  });
});
