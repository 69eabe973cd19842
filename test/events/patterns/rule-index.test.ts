import assert from 'node:assert/strict';
import { test } from 'node:test';
import { workload } from '../../../bench/events/pattern-workload.js';
import { interpretPattern } from '../../../src/events/patterns/interpret-pattern.js';
import { parsePattern } from '../../../src/events/patterns/parse-pattern.js';
import { RuleIndex } from '../../../src/events/patterns/rule-index.js';

test('the rule index answers exactly what testing every rule answers, in rule order', () => {
  const { patterns, events } = workload(300, 2000, 11);
  const rules = patterns.map((p, i) => ({ rule: i, pattern: parsePattern(p) }));
  const index = new RuleIndex(rules);
  let matched = 0;
  for (const event of events) {
    const naive = rules.filter((r) => interpretPattern(r.pattern, event)).map((r) => r.rule);
    assert.deepEqual(index.match(event), naive, JSON.stringify(event));
    matched += naive.length;
  }
  // The workload must exercise matching, not only misses.
  assert.ok(matched > 100, `only ${matched} matches`);
});

test('a rule pinning several sources and detail-types is found under each, once', () => {
  const index = new RuleIndex([
    { rule: 'a', pattern: parsePattern('{"source": ["s1", "s2", "s1"], "detail-type": ["d1", "d2"]}') },
    { rule: 'b', pattern: parsePattern('{"detail-type": ["d2"]}') },
    { rule: 'c', pattern: parsePattern('{"source": [{"prefix": "s"}]}') },
    { rule: 'd', pattern: parsePattern('{"$or": [{"source": ["s1"]}, {"source": ["s3"]}]}') },
  ]);
  assert.deepEqual(index.match({ source: 's1', 'detail-type': 'd2' }), ['a', 'b', 'c', 'd']);
  assert.deepEqual(index.match({ source: 's2', 'detail-type': 'd1' }), ['a', 'c']);
  assert.deepEqual(index.match({ source: 's3', 'detail-type': 'd3' }), ['c', 'd']);
  // Not an envelope (source is an array): every rule is tested.
  assert.deepEqual(index.match({ source: ['s2'], 'detail-type': ['d1'] }), ['a', 'c']);
});
