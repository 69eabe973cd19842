/**
 * Generates `src/pipeline/ir-validator.generated.ts`: the IR schema compiled by Ajv into plain
 * code once, at build time, so no command pays for importing Ajv (50–70 ms) and compiling the
 * schema (150–290 ms) on every start.
 *
 *   npm run generate            (writes the file; `npm run build` runs it first)
 *
 * test/pipeline/ir-validator.test.ts fails when the file differs from what this produces, so
 * an edit of ir.schema.json without regenerating is caught.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { irValidatorSource } from './ir-validator-source.js';

const target = fileURLToPath(new URL('../src/pipeline/ir-validator.generated.ts', import.meta.url));
writeFileSync(target, irValidatorSource());
console.log(`wrote ${target}`);
