import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { irValidatorSource } from '../../scripts/ir-validator-source.js';

test('the committed IR validator is generated from the current ir.schema.json (run npm run generate)', () => {
  const committed = readFileSync(new URL('../../src/pipeline/ir-validator.generated.ts', import.meta.url), 'utf8');
  assert.ok(committed === irValidatorSource(), 'src/pipeline/ir-validator.generated.ts is out of date: run npm run generate');
});
