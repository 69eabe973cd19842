import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { GodwitError } from '../../../../src/core/errors.js';
import {
  KllSketch,
  parseStatistics,
  profileDataset,
  statisticsText,
} from '../../../../src/monitor/data-quality/profile/index.js';
import { scratchDir } from '../../../helpers/scratch.js';

const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));

describe('statistics.json', () => {
  test("reads SageMaker's own statistics.json (fixtures/SOURCES.md)", () => {
    const statistics = parseStatistics(readFileSync(join(FIXTURES, 'sagemaker-statistics.json'), 'utf8'), 'statistics.json');
    assert.equal(statistics.version, 0);
    assert.equal(statistics.dataset.item_count, 418);
    const message = statistics.features[0];
    assert.equal(message?.inferred_type, 'String');
    assert.equal(message?.string_statistics?.distinct_count, 1);
    assert.deepEqual(message?.string_statistics?.distribution?.categorical.buckets, [
      { value: 'preproc-not-YET-supported-for-csv-json', count: 418 },
    ]);
  });

  test('what Godwit writes reads back unchanged, and its sketches rebuild', async () => {
    const dir = scratchDir('godwit-statistics-');
    const csv = ['a,b', ...Array.from({ length: 5000 }, (_, i) => `${i % 17},${i % 2 ? 'odd' : 'even'}`)].join('\n');
    writeFileSync(join(dir, 'd.csv'), csv);
    const { statistics } = await profileDataset(join(dir, 'd.csv'), { header: true });
    const text = statisticsText(statistics);
    assert.deepEqual(parseStatistics(text, 'statistics.json'), JSON.parse(JSON.stringify(statistics)));
    const sketch = parseStatistics(text, 'x').features[0]?.numerical_statistics?.distribution?.kll.sketch;
    assert.ok(sketch);
    assert.equal(KllSketch.fromJSON(sketch).count, 5000);
    // Each compactor level is one line of numbers, not one number per line.
    assert.ok(text.split('\n').length < 400, `${text.split('\n').length} lines`);
  });

  test('a file that is not Model Monitor statistics is E_STATISTICS_INVALID, naming the problem', () => {
    for (const [text, why] of [
      ['{', 'not JSON'],
      ['{"features": []}', 'dataset.item_count'],
      ['{"dataset": {"item_count": 1}, "features": [{"name": "a", "inferred_type": "Boolean"}]}', 'inferred_type'],
    ] as const) {
      assert.throws(
        () => parseStatistics(text, 'bad.json'),
        (e: unknown) =>
          e instanceof GodwitError &&
          e.code === 'E_STATISTICS_INVALID' &&
          e.message.includes(why) &&
          e.message.includes('bad.json'),
      );
    }
  });
});
