/**
 * The SageMaker definition schema check the golden corpora use: the public schema amended with
 * what the SDK writes today accepts the SDK's own definitions and still refuses malformed ones.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { ROOT } from '../golden/golden-file.js';
import { sageMakerSchemaErrors } from './sagemaker-schema/sagemaker-schema.js';

// biome-ignore lint/suspicious/noExplicitAny: editing a JSON document
type Json = any;

const reference = (name: string) =>
  JSON.parse(readFileSync(join(ROOT, 'test/fixtures/smimport', `${name}.definition.json`), 'utf8'));
const SDK_WRITTEN = ['dynamic-framework-multi-model', 'sdk-unit-test-condition-step-interpolated', 'linear'];

/** The first step of the linear definition with `edit` applied to a copy. */
function edited(edit: (step: Json, doc: Json) => void): string[] {
  const doc = reference('linear');
  edit(doc.Steps[0], doc);
  return sageMakerSchemaErrors(doc);
}

describe('SageMaker definition schema', () => {
  test('accepts the SDK-written definitions', () => {
    for (const name of SDK_WRITTEN) assert.deepEqual(sageMakerSchemaErrors(reference(name)), [], name);
  });

  test('refuses malformed definitions, naming the step', () => {
    const cases: [string, (step: Json, doc: Json) => void, RegExp][] = [
      [
        'an unknown argument',
        (s) => {
          s.Arguments.Bogus = 1;
        },
        /^step "Preprocess" at \/Arguments: must NOT have additional properties .*Bogus/,
      ],
      [
        'an unknown step type',
        (s) => {
          s.Type = 'Sleep';
        },
        /step "Preprocess": no schema for Type Sleep/,
      ],
      [
        'a bad retry kind',
        (s) => {
          s.RetryPolicies[0].ExceptionType = ['Step.NAP'];
        },
        /allowed values/,
      ],
      [
        'a join without values',
        (s) => {
          s.Arguments.ProcessingOutputConfig.Outputs[0].S3Output.S3Uri = { 'Std:Join': { On: '/' } };
        },
        /Values/,
      ],
      [
        'an unknown version',
        (_s, doc) => {
          doc.Version = '2019-01-01';
        },
        /^\/Version: must be equal to one of the allowed values/,
      ],
      ['a bad parameter name', (_s, doc) => void doc.Parameters.push({ Name: 'no spaces', Type: 'String' }), /Parameters/],
    ];
    for (const [what, edit, pattern] of cases) {
      const errors = edited(edit);
      assert.ok(
        errors.some((e) => pattern.test(e)),
        `${what}: ${errors.join('\n')}`,
      );
    }
  });

  test('an In condition needs its values; a Not its condition', () => {
    const doc = reference('sdk-unit-test-condition-step-interpolated');
    const conditions = doc.Steps[0].Arguments.Conditions;
    delete conditions[5].Values;
    conditions[7] = { Type: 'Not' };
    conditions.push({ Type: 'Sometimes', LeftValue: 1, RightValue: 2 });
    const errors = sageMakerSchemaErrors(doc).join('\n');
    assert.match(errors, /Conditions\/5: must have required property 'Values'/);
    assert.match(errors, /Conditions\/10\/Type: must be equal to one of the allowed values/);
  });
});
