// A second reporter for node's test runner (scripts/test.mjs): at the end of the run it prints the
// test files that took longest, so the suite's 15-minute budget is kept by splitting or speeding
// up the files that matter. A file's time is the sum of its top-level tests' durations (they run
// one after another inside the file; files run in parallel).
import { relative } from 'node:path';

const SHOWN = 12;

export default async function* slowestFiles(source) {
  const byFile = new Map();
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    const { file, nesting, details } = event.data;
    if (nesting !== 0 || !file) continue;
    byFile.set(file, (byFile.get(file) ?? 0) + (details?.duration_ms ?? 0));
  }
  const slowest = [...byFile].sort((a, b) => b[1] - a[1]).slice(0, SHOWN);
  if (slowest.length === 0) return;
  yield `\nSlowest test files (sum of their top-level tests):\n`;
  for (const [file, ms] of slowest) yield `  ${(ms / 1000).toFixed(1).padStart(7)} s  ${relative(process.cwd(), file)}\n`;
}
