import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { compilePattern } from '../../../src/events/patterns/compile-pattern.js';
import { EventPattern } from '../../../src/events/patterns/event-pattern.js';
import { interpretPattern } from '../../../src/events/patterns/interpret-pattern.js';
import { parsePattern } from '../../../src/events/patterns/parse-pattern.js';
import { GUIDE_CASES, INVALID_PATTERNS, type PatternCase } from './guide-cases.js';

/** Both matchers must give the case's answer. */
function check(c: Pick<PatternCase, 'pattern' | 'event' | 'matches'>) {
  const node = parsePattern(JSON.stringify(c.pattern));
  assert.equal(interpretPattern(node, c.event), c.matches, 'interpreter');
  assert.equal(compilePattern(node)(c.event), c.matches, 'compiled');
}

const code = (expected: string, message: RegExp) => (err: unknown) => {
  assert.equal((err as { code?: string }).code, expected, String(err));
  assert.match((err as Error).message, /^Event pattern is not valid\. Reason: /);
  assert.match((err as Error).message, message);
  return true;
};

describe('event patterns: the EventBridge User Guide examples', () => {
  for (const c of GUIDE_CASES) test(`${c.source}: ${c.name}`, () => check(c));
  for (const c of INVALID_PATTERNS)
    test(`${c.source}: refused ${c.pattern}`, () =>
      assert.throws(() => EventPattern.parse(c.pattern), code('E_EVENT_PATTERN_INVALID', c.reason)));
});

// Operators the stored guide (896fdda) predates, as EventBridge documents them today.
const cases: readonly [string, unknown, unknown, boolean][] = [
  ['wildcard: a star in the middle', { k: [{ wildcard: 'dir/*.png' }] }, { k: 'dir/a/b.png' }, true],
  ['wildcard: the start must match', { k: [{ wildcard: 'dir/*.png' }] }, { k: 'xdir/a.png' }, false],
  ['wildcard: an escaped star is a star', { k: [{ wildcard: 'a\\*b' }] }, { k: 'a*b' }, true],
  ['wildcard: an escaped star is not a wildcard', { k: [{ wildcard: 'a\\*b' }] }, { k: 'axb' }, false],
  ['wildcard: pieces in order without overlap', { k: [{ wildcard: '*ab*ba*' }] }, { k: 'aba' }, false],
  ['wildcard: pieces in order', { k: [{ wildcard: '*ab*ba*' }] }, { k: 'xabyba' }, true],
  ['prefix ignoring case', { k: [{ prefix: { 'equals-ignore-case': 'EU-' } }] }, { k: 'eu-west-1' }, true],
  ['suffix ignoring case', { k: [{ suffix: { 'equals-ignore-case': '.PNG' } }] }, { k: 'a.png' }, true],
  ['anything-but a suffix', { k: [{ 'anything-but': { suffix: '.tmp' } }] }, { k: 'a.tmp' }, false],
  ['anything-but wildcards', { k: [{ 'anything-but': { wildcard: ['*/lib/*', '*.md'] } }] }, { k: 'src/lib/x.ts' }, false],
  ['anything-but wildcards: neither', { k: [{ 'anything-but': { wildcard: ['*/lib/*', '*.md'] } }] }, { k: 'src/x.ts' }, true],
  ['anything-but ignoring case', { k: [{ 'anything-but': { 'equals-ignore-case': ['Stopped'] } }] }, { k: 'STOPPED' }, false],
  ['anything-but does not match a missing field', { k: [{ 'anything-but': 'x' }] }, { j: 1 }, false],
  ['numbers compare numerically (300 and 3.0e2)', { k: [300] }, { k: 3.0e2 }, true],
  ['booleans', { k: [true] }, { k: true }, true],
  ['a boolean is not its string', { k: ['true'] }, { k: true }, false],
  ['numeric does not match a numeric string', { k: [{ numeric: ['>', 1] }] }, { k: '5' }, false],
  ['numeric >= and < bounds', { k: [{ numeric: ['>=', 1, '<', 2] }] }, { k: 1 }, true],
  ['numeric upper bound is exclusive', { k: [{ numeric: ['>=', 1, '<', 2] }] }, { k: 2 }, false],
  ['cidr: IPv6', { ip: [{ cidr: '2001:db8::/32' }] }, { ip: '2001:db8:0:1::7' }, true],
  ['cidr: IPv6 outside', { ip: [{ cidr: '2001:db8::/32' }] }, { ip: '2001:db9::1' }, false],
  ['cidr: an IPv4 address is not in an IPv6 block', { ip: [{ cidr: '::/0' }] }, { ip: '10.0.0.1' }, false],
  ['exists false on an absent parent', { detail: { a: { b: [{ exists: false }] } } }, { detail: {} }, true],
  ['exists false on an empty array', { k: [{ exists: false }] }, { k: [] }, true],
  ['exists true on null', { k: [{ exists: true }] }, { k: null }, true],
  [
    'array of objects: one element must match the whole level',
    { items: { a: [1], b: [2] } },
    {
      items: [
        { a: 1, b: 1 },
        { a: 2, b: 2 },
      ],
    },
    false,
  ],
  [
    'array of objects: an element matching every field',
    { items: { a: [1], b: [2] } },
    { items: [{ a: 0 }, { a: 1, b: 2 }] },
    true,
  ],
  [
    'nested $or with a sibling field',
    { source: ['s'], $or: [{ a: ['x'] }, { $or: [{ b: ['y'] }, { c: ['z'] }] }] },
    { source: 's', c: 'z' },
    true,
  ],
  ['$or AND its sibling field', { source: ['s'], $or: [{ a: ['x'] }, { b: ['y'] }] }, { source: 't', a: 'x' }, false],
  ['"$or" with strings is a field named $or', { $or: ['x'] }, { $or: 'x' }, true],
];

describe('event patterns: every operator', () => {
  for (const [name, pattern, event, matches] of cases) test(name, () => check({ pattern, event, matches }));

  test('refuses what EventBridge refuses, naming the reason', () => {
    const refused: [string, RegExp][] = [
      ['not json', /Unexpected token|not valid JSON/],
      ['[]', /Filter is not an object/],
      ['{"a": {}}', /Empty objects are not allowed: "a"/],
      ['{"a": []}', /Empty arrays are not allowed: "a"/],
      ['{"a": [{"prefix": 1}]}', /prefix match pattern must be a string/],
      ['{"a": [{"regex": "x"}]}', /Unrecognized match type regex/],
      ['{"a": [{"prefix": "x", "suffix": "y"}]}', /Only one key allowed in match expression/],
      ['{"a": [{"numeric": ["<", 1, ">", 0]}]}', /must come first/],
      ['{"a": [{"numeric": [">", 5, "<", 1]}]}', /bottom must be less than the top/],
      ['{"a": [{"numeric": ["=", "1"]}]}', /Value of = must be numeric/],
      ['{"a": [{"anything-but": ["x", 1]}]}', /all be strings or all be numbers/],
      ['{"a": [{"wildcard": "a**b"}]}', /Consecutive wildcard characters at pos 2/],
      ['{"a": [{"wildcard": "a\\\\b"}]}', /Invalid escape character at pos 1/],
      ['{"a": [{"cidr": "10.0.0.0/33"}]}', /mask bits must be between 0 and 32/],
      ['{"a": [[1]]}', /Match value must be String, number, true, false, or null/],
    ];
    for (const [text, reason] of refused)
      assert.throws(() => EventPattern.parse(text), code('E_EVENT_PATTERN_INVALID', reason), text);
  });

  test('refuses more than 1,000 $or combinations, as the guide says', () => {
    const or = (n: number) => ({ $or: Array.from({ length: n }, (_, i) => ({ [`f${i}`]: ['x'] })) });
    const ten = (k: string) => ({ [k]: or(10) });
    assert.ok(EventPattern.parse(JSON.stringify({ ...ten('a'), ...ten('b'), ...ten('c') })));
    assert.throws(
      () => EventPattern.parse(JSON.stringify({ ...ten('a'), ...ten('b'), ...ten('c'), d: or(2) })),
      code('E_EVENT_PATTERN_INVALID', /2000, more than 1000/),
    );
  });

  test('the last of duplicate keys is the one used (the guide’s note)', () => {
    const p = EventPattern.parse('{"detail": {"location": [{"prefix": "us-"}], "location": [{"anything-but": "us-east"}]}}');
    assert.equal(p.matches({ detail: { location: 'eu-west' } }), true);
    assert.equal(p.matches({ detail: { location: 'us-east' } }), false);
  });
});
