/**
 * Event pattern matching: EVENTS events against RULES rules (100,000 × 1,000 by default), events
 * per second through the rule index (`RuleIndex`: rules filed by their exact source and
 * detail-type, each pattern compiled to closures) beside the naive baseline in the same run: a
 * loop over every rule with the interpreter (`interpretPattern`, which walks the parsed pattern
 * for every event). Same rules, same events; both must find the same matches. Prints CPU time too,
 * since the machine is shared.
 *
 *   node --conditions=godwit-source --import tsx bench/events/pattern-match.ts
 */
import { cpuUsage } from 'node:process';
import { interpretPattern } from '../../src/events/patterns/interpret-pattern.js';
import { parsePattern } from '../../src/events/patterns/parse-pattern.js';
import { RuleIndex } from '../../src/events/patterns/rule-index.js';
import { DEFAULT_MIX, workload } from './pattern-workload.js';

const RULES = Number(process.env.RULES ?? 1000);
const EVENTS = Number(process.env.EVENTS ?? 100_000);
/** The share of rules that pin neither source nor detail-type (UNPINNED=0.1 for a harder mix). */
const UNPINNED = Number(process.env.UNPINNED ?? DEFAULT_MIX.unpinned);

const { patterns, events } = workload(RULES, EVENTS, 7, { ...DEFAULT_MIX, unpinned: UNPINNED });
const rules = patterns.map((p, i) => ({ rule: i, pattern: parsePattern(p) }));

function timed(label: string, run: () => number): { eps: number; cpuEps: number; matches: number } {
  const wall = performance.now();
  const cpu = cpuUsage();
  const matches = run();
  const used = cpuUsage(cpu);
  const seconds = (performance.now() - wall) / 1000;
  const cpuSeconds = (used.user + used.system) / 1e6;
  const result = { eps: EVENTS / seconds, cpuEps: EVENTS / cpuSeconds, matches };
  console.log(
    `${label.padEnd(34)} ${Math.round(result.eps).toLocaleString('en').padStart(12)} events/s wall, ${Math.round(result.cpuEps).toLocaleString('en').padStart(12)} events/s CPU, ${matches} matches`,
  );
  return result;
}

console.log(`${RULES} rules (${UNPINNED * 100}% pin neither source nor detail-type), ${EVENTS} events, Node ${process.version}`);
const built = performance.now();
const index = new RuleIndex(rules);
console.log(`index built (parse already done) in ${(performance.now() - built).toFixed(1)} ms`);

const naive = timed('naive loop, interpreted patterns', () => {
  let n = 0;
  for (const e of events) for (const r of rules) if (interpretPattern(r.pattern, e)) n++;
  return n;
});
const indexed = timed('rule index, compiled patterns', () => {
  let n = 0;
  for (const e of events) n += index.match(e).length;
  return n;
});
if (naive.matches !== indexed.matches) throw new Error(`different answers: ${naive.matches} vs ${indexed.matches}`);
console.log(`ratio: ${(indexed.eps / naive.eps).toFixed(1)}× wall, ${(indexed.cpuEps / naive.cpuEps).toFixed(1)}× CPU`);
