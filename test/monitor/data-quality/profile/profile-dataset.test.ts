import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { GodwitError } from '../../../../src/core/errors.js';
import { profileDataset } from '../../../../src/monitor/data-quality/profile/index.js';
import type { FeatureStatistics } from '../../../../src/monitor/monitor-files.js';
import { scratchDir } from '../../../helpers/scratch.js';

const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));

function feature(features: readonly FeatureStatistics[], name: string): FeatureStatistics {
  const f = features.find((x) => x.name === name);
  assert.ok(f, `feature ${name}`);
  return f;
}

function close(actual: number | undefined, expected: number, digits = 12): void {
  assert.ok(actual !== undefined && Math.abs(actual - expected) <= Math.abs(expected) * 10 ** -digits, `${actual} ≈ ${expected}`);
}

const SMALL = `age,income,city,score,notes
34,52000.5,Paris,0.75,
28,61000,Lyon,0.5,ok
45,,Paris,1e-1,fine
51,75000.25,Nice,0.9,ok
`;

describe('profileDataset', () => {
  test('a small CSV with a header: types, counts and moments equal values computed by Python', async () => {
    const dir = scratchDir('godwit-profile-');
    writeFileSync(join(dir, 'small.csv'), SMALL);
    const { statistics, rows } = await profileDataset(join(dir, 'small.csv'), { header: true });
    assert.equal(rows, 4);
    assert.equal(statistics.dataset.item_count, 4);
    assert.deepEqual(
      statistics.features.map((f) => [f.name, f.inferred_type]),
      [
        ['age', 'Integral'],
        ['income', 'Fractional'],
        ['city', 'String'],
        ['score', 'Fractional'],
        ['notes', 'String'],
      ],
    );
    // Expected numbers: Python's statistics.mean / pstdev (Deequ's standard deviation is the population one).
    const age = feature(statistics.features, 'age').numerical_statistics;
    assert.deepEqual([age?.sum, age?.mean, age?.min, age?.max], [158, 39.5, 28, 51]);
    close(age?.std_dev, 9.013878188659973);
    const income = feature(statistics.features, 'income').numerical_statistics;
    assert.deepEqual(income?.common, { num_present: 3, num_missing: 1 });
    close(income?.sum, 188000.75);
    close(income?.mean, 62666.916666666664);
    close(income?.std_dev, 9463.300460052096);
    const score = feature(statistics.features, 'score').numerical_statistics;
    close(score?.std_dev, 0.3028510359896429);
    assert.deepEqual([score?.min, score?.max], [0.1, 0.9]);
    const city = feature(statistics.features, 'city').string_statistics;
    assert.equal(city?.distinct_count, 3);
    assert.deepEqual(city?.distribution?.categorical.buckets, [
      { value: 'Paris', count: 2 },
      { value: 'Lyon', count: 1 },
      { value: 'Nice', count: 1 },
    ]);
    assert.deepEqual(feature(statistics.features, 'notes').string_statistics?.common, { num_present: 3, num_missing: 1 });
  });

  test("histogram: Deequ's 10 equal-width buckets from min to max, the last closed at max", async () => {
    const dir = scratchDir('godwit-profile-');
    writeFileSync(join(dir, 'h.csv'), `${Array.from({ length: 101 }, (_, i) => i).join('\n')}\n`);
    const { statistics } = await profileDataset(join(dir, 'h.csv'));
    const kll = statistics.features[0]?.numerical_statistics?.distribution?.kll;
    assert.equal(kll?.buckets.length, 10);
    assert.deepEqual(kll?.buckets[0], { lower_bound: 0, upper_bound: 10, count: 10 });
    assert.deepEqual(kll?.buckets[9], { lower_bound: 90, upper_bound: 100, count: 11 });
    assert.deepEqual(kll?.sketch.parameters, { c: 0.64, k: 2048 });
  });

  test("SageMaker's headerless baseline_dataset.csv: columns _c0…_c9, '3.0' text is Fractional, moments as pandas gives them", async () => {
    const { statistics } = await profileDataset(join(FIXTURES, 'sagemaker-baseline-dataset.csv'));
    assert.deepEqual(
      statistics.features.map((f) => f.name),
      Array.from({ length: 10 }, (_, j) => `_c${j}`),
    );
    const c0 = feature(statistics.features, '_c0');
    assert.equal(c0.inferred_type, 'Fractional');
    // pandas: df[0].sum(), .mean(), .std(ddof=0), .min(), .max()
    assert.equal(c0.numerical_statistics?.sum, 947);
    close(c0.numerical_statistics?.mean, 2.2655502392344498);
    close(c0.numerical_statistics?.std_dev, 0.8408299662625122);
    close(feature(statistics.features, '_c9').numerical_statistics?.std_dev, 5.304330583714083);
  });

  test("SageMaker's capture.jsonl: the CSV requests become Integral columns _c0…_c6", async () => {
    const profile = await profileDataset(join(FIXTURES, 'sagemaker-capture.jsonl'));
    assert.equal(profile.format, 'capture');
    assert.equal(profile.rows, 44);
    assert.equal(profile.statistics.features.length, 7);
    assert.ok(profile.statistics.features.every((f) => f.inferred_type === 'Integral'));
    // The first request is "9,45,45,42,7,5,0".
    assert.ok((feature(profile.statistics.features, '_c0').numerical_statistics?.min ?? 99) <= 9);
  });

  test('capture lines with JSON and BASE64 requests, and another key order, read through JSON.parse', async () => {
    const dir = scratchDir('godwit-profile-');
    const file = join(dir, 'c.jsonl');
    const side = (fields: string) =>
      `{"captureData":{"endpointInput":{${fields}}},"eventMetadata":{"eventId":"e","inferenceTime":"2026-12-06T10:00:00Z"},"eventVersion":"0"}`;
    writeFileSync(
      file,
      [
        side(
          `"observedContentType":"application/json","mode":"INPUT","data":${JSON.stringify('{"instances":[1.5,2]}')},"encoding":"JSON"`,
        ),
        side(
          `"observedContentType":"text/csv","mode":"INPUT","data":"${Buffer.from('3,4\n').toString('base64')}","encoding":"BASE64"`,
        ),
        side(`"encoding":"CSV","mode":"INPUT","data":"5.5,6","observedContentType":"text/csv"`),
      ].join('\n'),
    );
    const profile = await profileDataset(file, { format: 'capture' });
    assert.equal(profile.rows, 3);
    const [c0, c1] = profile.statistics.features;
    assert.deepEqual([c0?.name, c0?.inferred_type, c0?.numerical_statistics?.sum], ['_c0', 'Fractional', 10]);
    assert.deepEqual([c1?.inferred_type, c1?.numerical_statistics?.sum], ['Integral', 12]);
  });

  test('a column mixing numbers and text is String, and its numbers count among its distinct values', async () => {
    const dir = scratchDir('godwit-profile-');
    writeFileSync(join(dir, 'm.csv'), 'x\n1\n2\n1\nabc\n');
    const { statistics, columns } = await profileDataset(join(dir, 'm.csv'), { header: true });
    const x = statistics.features[0];
    assert.equal(x?.inferred_type, 'String');
    assert.equal(x?.string_statistics?.distinct_count, 3);
    assert.deepEqual(x?.string_statistics?.distribution?.categorical.buckets[0], { value: '1', count: 2 });
    assert.deepEqual([columns[0]?.integral, columns[0]?.strings], [3, 1]);
  });

  test('quoted CSV fields (separators and quotes inside) and CRLF line ends', async () => {
    const dir = scratchDir('godwit-profile-');
    writeFileSync(join(dir, 'q.csv'), 'a,b\r\n"1,5","x ""q"""\r\n"2",y\r\n3,\r\n');
    const { statistics, malformed } = await profileDataset(join(dir, 'q.csv'), { header: true });
    assert.equal(malformed.count, 0);
    const [a, b] = statistics.features;
    assert.deepEqual(
      a?.string_statistics?.distribution?.categorical.buckets.map((x) => x.value),
      ['1,5', '2', '3'],
    );
    assert.deepEqual(
      b?.string_statistics?.distribution?.categorical.buckets.map((x) => x.value),
      ['x "q"', 'y'],
    );
    assert.deepEqual(b?.string_statistics?.common, { num_present: 2, num_missing: 1 });
  });

  test('malformed lines are skipped, counted and reported with their line numbers', async () => {
    const dir = scratchDir('godwit-profile-');
    writeFileSync(join(dir, 'bad.csv'), 'a,b\n1,2\n3\n4,5\n6,7,8\n');
    const profile = await profileDataset(join(dir, 'bad.csv'), { header: true });
    assert.equal(profile.rows, 2);
    assert.deepEqual(profile.malformed, { count: 2, lines: [`${join(dir, 'bad.csv')}:3`, `${join(dir, 'bad.csv')}:5`] });
    const capture = join(dir, 'capture.jsonl');
    const line = (data: string) =>
      `{"captureData":{"endpointInput":{"observedContentType":"text/csv","mode":"INPUT","data":"${data}","encoding":"CSV"}},"eventMetadata":{"eventId":"e","inferenceTime":"2026-12-06T10:00:00Z"},"eventVersion":"0"}`;
    writeFileSync(capture, [line('1,2'), 'not json', line('3,4'), line('5')].join('\n'));
    const captured = await profileDataset(capture);
    assert.equal(captured.rows, 2);
    assert.deepEqual(captured.malformed.lines, [`${capture}:2`, `${capture}:4`]);
  });

  test('worker threads over byte ranges give the single-thread profile, with file line numbers', async () => {
    const dir = scratchDir('godwit-profile-');
    const lines = ['a,b,c'];
    for (let i = 0; i < 60_000; i++)
      lines.push(i === 45_000 ? 'broken' : `${i % 97},${(i * 0.37).toFixed(2)},${i % 3 === 0 ? 'x' : 'y'}`);
    writeFileSync(join(dir, 'big.csv'), `${lines.join('\n')}\n`);
    const one = await profileDataset(join(dir, 'big.csv'), { header: true, workers: 1 });
    const two = await profileDataset(join(dir, 'big.csv'), { header: true, workers: 3, parallelFromBytes: 0 });
    assert.equal(two.rows, one.rows);
    assert.deepEqual(two.malformed.lines, [`${join(dir, 'big.csv')}:45002`]);
    assert.deepEqual(one.malformed.lines, two.malformed.lines);
    for (const [f, g] of one.statistics.features.map((f, j) => [f, two.statistics.features[j]] as const)) {
      assert.equal(g?.inferred_type, f.inferred_type);
      assert.deepEqual(g?.string_statistics, f.string_statistics);
      if (!f.numerical_statistics) continue;
      const [n, m] = [f.numerical_statistics, g?.numerical_statistics];
      assert.deepEqual([m?.min, m?.max, m?.common], [n.min, n.max, n.common]);
      close(m?.sum, n.sum, 9);
      close(m?.std_dev, n.std_dev, 9);
      const counts = m?.distribution?.kll.buckets.reduce((s, b) => s + b.count, 0);
      assert.equal(counts, n.common.num_present);
    }
  });

  test('JSON Lines: a column per key, missing keys and nulls are missing, numeric strings are numbers', async () => {
    const dir = scratchDir('godwit-profile-');
    writeFileSync(join(dir, 'd.jsonl'), '{"a":1,"b":"x"}\n{"a":2.5,"c":"7"}\n[1]\n{"a":null,"b":"y","c":"8"}\n');
    const profile = await profileDataset(join(dir, 'd.jsonl'));
    assert.equal(profile.rows, 3);
    assert.deepEqual(profile.malformed.lines, [`${join(dir, 'd.jsonl')}:3`]);
    const [a, b, c] = profile.statistics.features;
    assert.deepEqual([a?.inferred_type, a?.numerical_statistics?.common], ['Fractional', { num_present: 2, num_missing: 1 }]);
    assert.deepEqual([b?.inferred_type, b?.string_statistics?.common], ['String', { num_present: 2, num_missing: 1 }]);
    assert.deepEqual(
      [c?.inferred_type, c?.numerical_statistics?.sum, c?.numerical_statistics?.common.num_missing],
      ['Integral', 15, 1],
    );
  });

  test('Parquet: integer columns are Integral, floating ones Fractional, NULLs missing, text String', async () => {
    const dir = scratchDir('godwit-profile-');
    const file = join(dir, 'p.parquet');
    const { duckdb } = await import('../../../../src/warehouse/duckdb/duckdb-api.js');
    const instance = await duckdb.DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    await connection.run(
      `COPY (SELECT i::INTEGER AS n, CASE WHEN i % 10 = 0 THEN NULL ELSE i / 4 END::DOUBLE AS x, 'k' || (i % 3) AS s FROM range(1, 5001) t(i)) TO '${file}' (FORMAT parquet)`,
    );
    connection.closeSync();
    instance.closeSync();
    const { statistics } = await profileDataset(file);
    const [n, x, s] = statistics.features;
    assert.equal(n?.inferred_type, 'Integral');
    assert.deepEqual(
      [n?.numerical_statistics?.sum, n?.numerical_statistics?.min, n?.numerical_statistics?.max],
      [12_502_500, 1, 5000],
    );
    assert.equal(x?.inferred_type, 'Fractional');
    assert.deepEqual(x?.numerical_statistics?.common, { num_present: 4500, num_missing: 500 });
    assert.equal(s?.inferred_type, 'String');
    assert.equal(s?.string_statistics?.distinct_count, 3);
  });

  test('an empty data set, a missing one and an unreadable Parquet file are coded errors', async () => {
    const dir = scratchDir('godwit-profile-');
    writeFileSync(join(dir, 'empty.csv'), 'a,b\n');
    writeFileSync(join(dir, 'junk.parquet'), 'not parquet');
    writeFileSync(join(dir, 'data.bin'), '1,2\n');
    const code = async (p: Promise<unknown>) =>
      (
        (await p.then(
          () => undefined,
          (e: unknown) => e,
        )) as GodwitError | undefined
      )?.code;
    assert.equal(await code(profileDataset(join(dir, 'empty.csv'), { header: true })), 'E_PROFILE_EMPTY');
    assert.equal(await code(profileDataset(join(dir, 'nothing.csv'))), 'E_PROFILE_NOT_FOUND');
    assert.equal(await code(profileDataset(join(dir, 'junk.parquet'))), 'E_PROFILE_FORMAT');
    assert.equal(await code(profileDataset(join(dir, 'data.bin'))), 'E_PROFILE_FORMAT');
  });
});
