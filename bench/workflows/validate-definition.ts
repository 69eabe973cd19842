/**
 * Validating a state machine definition (CreateStateMachine's check): Godwit's
 * `validateDefinition` beside the `asl-validator` package's own entry point on the same
 * definitions (the abalone example, the golden machines, AWS's JSONata reference machines).
 * The package compiles its JSON schemas on every call; Godwit compiles them once per process, so
 * its first call carries that cost and later calls do not. Prints CPU time per definition.
 *
 *   node --conditions=godwit-source --import tsx bench/workflows/validate-definition.ts
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { validateDefinition } from '../../src/workflows/asl/validate-definition.js';

const root = new URL('../../', import.meta.url).pathname;
const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.asl.json') ? [join(dir, e.name)] : [],
  );
const texts = [join(root, 'examples/abalone/abalone.asl.json'), ...files(join(root, 'test/golden'))].map((f) =>
  readFileSync(f, 'utf8'),
);
const aslValidator = createRequire(import.meta.url)('asl-validator') as (d: unknown) => { isValid: boolean };

function cpuMs(fn: () => void): number {
  const start = process.cpuUsage();
  fn();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

const first = cpuMs(() => validateDefinition(texts[0]));
const ours = cpuMs(() => {
  for (const t of texts) validateDefinition(t);
});
const theirs = cpuMs(() => {
  for (const t of texts) if (!aslValidator(JSON.parse(t)).isValid) throw new Error('invalid');
});
const per = (ms: number) => `${(ms / texts.length).toFixed(1)} ms/definition`;
console.log(`Definition validation, ${texts.length} definitions, CPU time; Node ${process.version}`);
console.log(`  Godwit validateDefinition, first call (schemas compiled)   ${first.toFixed(0)} ms`);
console.log(`  Godwit validateDefinition, warm                            ${per(ours)}`);
console.log(
  `  asl-validator entry point                                  ${per(theirs)}  asl-validator / Godwit = ${(theirs / ours).toFixed(0)}×`,
);
