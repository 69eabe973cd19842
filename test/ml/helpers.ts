/** Shared fixtures for the ML tests: temp folders and seeded synthetic data sets. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after } from 'node:test';
import { seededRandom } from '../../src/ml/random.js';

const made: string[] = [];
after(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

export function tempDir(prefix = 'godwit-ml-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

export function writeText(path: string, text: string): string {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  return path;
}

export function writeRows(path: string, rows: readonly (readonly number[])[]): string {
  return writeText(path, rows.map((r) => r.join(',')).join('\n') + '\n');
}

/** Standard normal draws (Box–Muller) from a seeded source. */
export function gaussian(seed: number): () => number {
  const random = seededRandom(seed);
  return () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/** Rows `[y, x1..xd]` with y = bias + Σ coef·x + noise·ε and x ~ N(0, scale²). */
export function linearRows(
  n: number,
  coef: readonly number[],
  bias: number,
  options: { noise?: number; seed?: number; scales?: readonly number[] } = {},
): number[][] {
  const draw = gaussian(options.seed ?? 1);
  return Array.from({ length: n }, () => {
    const x = coef.map((_, j) => draw() * (options.scales?.[j] ?? 1));
    const y = x.reduce((s, v, j) => s + v * coef[j], bias) + (options.noise ?? 0) * draw();
    return [y, ...x];
  });
}

/** Rows `[label, x1..xd]` with P(label = 1) = σ(bias + Σ coef·x). */
export function logisticRows(n: number, coef: readonly number[], bias: number, seed = 1): number[][] {
  const draw = gaussian(seed);
  const random = seededRandom(seed + 1000);
  return Array.from({ length: n }, () => {
    const x = coef.map(() => draw());
    const z = x.reduce((s, v, j) => s + v * coef[j], bias);
    return [random() < 1 / (1 + Math.exp(-z)) ? 1 : 0, ...x];
  });
}

/** Collects log lines. */
export function collector(): { lines: string[]; log: (line: string) => void } {
  const lines: string[] = [];
  return { lines, log: (line) => lines.push(line) };
}
