import assert from 'node:assert/strict';
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { GodwitError } from '../../../src/core/errors.js';
import { godwitHome } from '../../../src/core/home.js';
import type { InferenceRequest, ModelInstance } from '../../../src/serving/model-runtime.js';
import type { ShadowResult } from '../../../src/serving/shadow/shadow-record.js';
import { ShadowRecorder } from '../../../src/serving/shadow/shadow-recorder.js';
import { shadowReport } from '../../../src/serving/shadow/shadow-report.js';
import { FakeClock } from '../../helpers/fake-clock.js';
import { scratchDir } from '../../helpers/scratch.js';
import { startRegressor } from '../linear-fixture.js';

const request = (row: string): InferenceRequest => ({
  body: Buffer.from(`${row}\n`),
  contentType: 'text/csv',
  accept: 'application/json',
});

async function answer(instance: ModelInstance, req: InferenceRequest, latencyMs: number): Promise<ShadowResult> {
  try {
    const out = await instance.invoke(req);
    return { body: out.body, contentType: out.contentType, latencyMs };
  } catch (error) {
    return { error, latencyMs };
  }
}

describe('shadow records and the shadow report', () => {
  it('records pairs off the request path and reports agreement, differences, latency and errors per shadow variant', async () => {
    const home = godwitHome(scratchDir('godwit-shadow-'));
    const clock = new FakeClock(Date.parse('2026-12-05T10:00:00Z'));
    const recorder = new ShadowRecorder({ home, clock, flushIntervalMs: 60_000 });
    const production = await startRegressor([2, 3], 1);
    const same = await startRegressor([2, 3], 1);
    const close = await startRegressor([2, 3], 1.5); // every score 0.5 higher
    const narrow = await startRegressor([2], 0); // refuses two features: every request an error
    for (let i = 0; i < 10; i++) {
      const req = request(`${i},1`);
      const prod = await answer(production, req, i + 1);
      recorder.record('ep', 'AllTraffic', 'same', req, prod, await answer(same, req, 10 * (i + 1)));
      recorder.record('ep', 'AllTraffic', 'close', req, prod, await answer(close, req, 2));
      recorder.record('ep', 'AllTraffic', 'narrow', req, prod, await answer(narrow, req, 1));
    }
    const file = join(home.root, 'endpoints', 'ep', 'shadow', 'same', '2026-12-05.jsonl');
    assert.equal(existsSync(file), false, 'record() must not write on the request path');
    await recorder.flush();
    assert.deepEqual(recorder.stats(), { recorded: 30, written: 30, dropped: 0, failed: 0 });
    const first = JSON.parse(readFileSync(file, 'utf8').split('\n')[0]);
    assert.equal(first.production.body, '{"predictions":[{"score":4}]}');
    assert.equal(first.request.bytes, 4);

    const report = await shadowReport(home, 'ep', { tolerance: 0.01 });
    const [close1, narrow1, same1] = report.variants;
    assert.deepEqual([close1.shadowVariant, narrow1.shadowVariant, same1.shadowVariant], ['close', 'narrow', 'same']);
    assert.equal(same1.requests, 10);
    assert.equal(same1.exactMatches, 10);
    assert.equal(same1.exactAgreement, 1);
    assert.deepEqual(same1.difference, { meanAbs: 0, maxAbs: 0, meanRel: 0, maxRel: 0 });
    assert.deepEqual(same1.latency.production, { count: 10, mean: 5.5, p50: 5, p90: 9, p99: 10 });
    assert.equal(same1.latency.shadow.p90, 90);

    assert.equal(close1.exactMatches, 0);
    assert.equal(close1.numericCompared, 10);
    // Scores 4, 6, …, 22 vs +0.5: within 0.01 · |a| only from a ≥ 50, so none.
    assert.equal(close1.withinTolerance, 0);
    assert.equal(close1.difference?.meanAbs, 0.5);
    assert.equal(close1.difference?.maxAbs, 0.5);
    assert.equal(close1.difference?.maxRel, 0.5 / 4.5);

    assert.equal(narrow1.compared, 0);
    assert.equal(narrow1.exactAgreement, undefined);
    assert.deepEqual(narrow1.errors.shadow, { count: 10, byCode: { E_DATA_FORMAT: 10 } });
    assert.deepEqual(narrow1.errors.production, { count: 0, byCode: {} });

    const loose = await shadowReport(home, 'ep', { tolerance: 0.2 });
    assert.equal(loose.variants[0].withinTolerance, 10);
    assert.equal(loose.variants[0].toleranceAgreement, 1);
  });

  it('reads only the days and times from --since, and skips a line cut short', async () => {
    const home = godwitHome(scratchDir('godwit-shadow-'));
    const clock = new FakeClock(Date.parse('2026-12-04T23:00:00Z'));
    const recorder = new ShadowRecorder({ home, clock });
    const ok = (n: number): ShadowResult => ({ body: Buffer.from(String(n)), contentType: 'text/csv', latencyMs: 1 });
    const req = request('1');
    recorder.record('ep', 'p', 's', req, ok(1), ok(1));
    clock.advance(2 * 3600_000); // 2026-12-05T01:00
    recorder.record('ep', 'p', 's', req, ok(1), ok(2));
    clock.advance(3600_000);
    recorder.record('ep', 'p', 's', req, ok(1), { error: new GodwitError('E_MODEL_ERROR', 'boom'), latencyMs: 3 });
    await recorder.close();
    appendFileSync(join(home.root, 'endpoints', 'ep', 'shadow', 's', '2026-12-05.jsonl'), '{"at":"2026-12-05T');

    const all = await shadowReport(home, 'ep');
    assert.equal(all.variants[0].requests, 3);
    assert.equal(all.unreadableLines, 1);
    assert.equal(all.variants[0].firstAt, '2026-12-04T23:00:00.000Z');
    const later = await shadowReport(home, 'ep', { since: new Date('2026-12-05T01:30:00Z') });
    assert.equal(later.variants[0].requests, 1);
    assert.deepEqual(later.variants[0].errors.shadow.byCode, { E_MODEL_ERROR: 1 });
  });

  it('drops and counts records past maxPending instead of growing without bound', async () => {
    const home = godwitHome(scratchDir('godwit-shadow-'));
    const recorder = new ShadowRecorder({ home, maxPending: 3, flushIntervalMs: 60_000 });
    const ok: ShadowResult = { body: Buffer.from('1'), contentType: 'text/csv', latencyMs: 1 };
    for (let i = 0; i < 5; i++) recorder.record('ep', 'p', 's', request('1'), ok, ok);
    await recorder.flush();
    assert.deepEqual(recorder.stats(), { recorded: 5, written: 3, dropped: 2, failed: 0 });
  });

  it('counts a write that fails and tells onError, without throwing at the caller', async () => {
    const root = scratchDir('godwit-shadow-');
    writeFileSync(join(root, 'endpoints'), 'a file where a folder should be');
    const errors: unknown[] = [];
    const recorder = new ShadowRecorder({ home: godwitHome(root), onError: (e) => errors.push(e) });
    const ok: ShadowResult = { body: Buffer.from('1'), contentType: 'text/csv', latencyMs: 1 };
    recorder.record('ep', 'p', 's', request('1'), ok, ok);
    await recorder.flush();
    assert.equal(recorder.stats().failed, 1);
    assert.equal(errors.length, 1);
  });

  it('compares non-numeric answers for exact agreement only, and refuses a negative tolerance', async () => {
    const home = godwitHome(scratchDir('godwit-shadow-'));
    const recorder = new ShadowRecorder({ home });
    const text = (t: string): ShadowResult => ({ body: Buffer.from(t), contentType: 'text/plain', latencyMs: 1 });
    recorder.record('ep', 'p', 's', request('1'), text('cat'), text('cat'));
    recorder.record('ep', 'p', 's', request('1'), text('cat'), text('dog'));
    await recorder.flush();
    const report = await shadowReport(home, 'ep');
    assert.equal(report.variants[0].exactMatches, 1);
    assert.equal(report.variants[0].compared, 2);
    assert.equal(report.variants[0].numericCompared, 0);
    await assert.rejects(shadowReport(home, 'ep', { tolerance: -1 }), { code: 'E_SHADOW_OPTION' });
    await assert.rejects(shadowReport(home, 'other'), { code: 'E_SHADOW_NO_RECORDS' });
  });
});
