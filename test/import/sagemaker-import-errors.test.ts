/** Bad SageMaker definitions: E_IMPORT errors that name the step and the field, with a hint. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { definition, importError, processing, training } from './sagemaker-definitions.js';

describe('SageMaker import: bad definitions are E_IMPORT errors naming the step and the field', () => {
  const cases: [string, unknown, RegExp][] = [
    ['not an object', [], /\(document\): expected a JSON object, found a list/],
    ['another version', { Version: '2019-01-01', Steps: [] }, /Version: "2019-01-01" is not 2020-12-01/],
    ['a step without a Type', definition([{ Name: 'x' }]), /Steps\[0\]: is not a step with a Name and a Type/],
    ['two steps of one name', definition([processing('a'), processing('a')]), /step "a", Name: two steps have this name/],
    [
      'a Get of an unknown step',
      definition([training('train')]),
      /step "train", Arguments\.InputDataConfig\[0\]\.DataSource\.S3DataSource\.S3Uri: Get names step "prep", which is not in the definition/,
    ],
    [
      'a parameter of an unknown type',
      definition([], [{ Name: 'p', Type: 'Date' }]),
      /Parameters\[0\]\.Type: parameter "p" has type "Date"/,
    ],
    [
      'a condition of an unknown type',
      definition([
        {
          Name: 'c',
          Type: 'Condition',
          Arguments: { Conditions: [{ Type: 'Between', LeftValue: 1, RightValue: 2 }], IfSteps: [], ElseSteps: [] },
        },
      ]),
      /step "c", Arguments\.Conditions\.\[0\]\.Type: the condition type "Between"/,
    ],
    [
      'a processing input that is not S3',
      definition([processing('p', {}, { ProcessingInputs: [{ InputName: 'q', DatasetDefinition: {} }] })]),
      /step "p", Arguments\.ProcessingInputs\[0\]\.DatasetDefinition: input "q" reads an Athena or Redshift query/,
    ],
    [
      'a transform whose model is not a Model step',
      definition([
        {
          Name: 't',
          Type: 'Transform',
          Arguments: { ModelName: 'my-model', TransformInput: { DataSource: { S3DataSource: { S3Uri: 's3://b/x' } } } },
        },
      ]),
      /step "t", Arguments\.ModelName: "my-model" names no Model step/,
    ],
    [
      'a cache expiry that is no duration',
      definition([processing('p', { CacheConfig: { Enabled: true, ExpireAfter: 'soon' } })]),
      /step "p", CacheConfig\.ExpireAfter: "soon" is not an ISO-8601 duration/,
    ],
    [
      'a number where a string is needed',
      definition([processing('p', {}, { ProcessingOutputConfig: { Outputs: [{ OutputName: 7 }] } })]),
      /step "p", Arguments\.ProcessingOutputConfig\.Outputs\[0\]\.OutputName: expected a string, found number 7/,
    ],
  ];
  for (const [name, def, message] of cases) {
    test(name, async () => {
      const err = await importError(def);
      assert.equal(err.code, 'E_IMPORT');
      assert.match(err.message, message);
      assert.ok(err.hint, 'a hint with the way out');
    });
  }

  test('an IR the validator refuses is E_IMPORT listing its problems', async () => {
    const err = await importError(definition([processing('9lives')]));
    assert.equal(err.code, 'E_IMPORT');
    assert.match(err.message, /not valid \(1\):\n {2}- .*9lives/);
    assert.equal((err.cause as { code?: string }).code, 'E_VALIDATION');
  });
});
