/**
 * Validates a SageMaker pipeline definition against the public JSON schema
 * (pipeline-definition.schema.json beside this file, copied from
 * ../shared/reference/sagemaker/, published at github.com/jerrypeng7773/sagemaker-model-building-pipeline-definition-JSON-schema).
 *
 * That schema predates fields the SageMaker Python SDK writes today, so the SDK's own definitions
 * (test/fixtures/smimport) fail it. `SDK_ADDITIONS` amends it with exactly those fields, each
 * named with the definition or API field that needs it; the amended schema must accept every
 * SDK-written definition (a test checks that) and then every definition Godwit compiles. Each
 * step is checked against the schema of its Type, so an error names its step instead of the
 * noise of a failed `oneOf` over every step type.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { ErrorObject } from 'ajv';
import AjvModule from 'ajv/dist/ajv.js';

// biome-ignore lint/suspicious/noExplicitAny: editing a JSON schema
type Json = any;

const ref = (name: string) => ({ $ref: `#/definitions/${name}` });
const VALUE_DEFINITIONS = ['StringArgumentValue', 'IntegerArgumentValue', 'FloatArgumentValue', 'BooleanArgumentValue'];
/** Step types whose schema definition is not `<Type>Step`. */
const DEFINITION_OF_TYPE: Readonly<Record<string, string>> = { Model: 'CreateModelStep' };

/** The amendments, in the order applied (see the module comment). */
function sdkAdditions(schema: Json): void {
  const d = schema.definitions;
  // Std:Join is { On, Values } (dynamic-framework-multi-model's S3Uri); the schema's shape lacks `On`.
  const part = {
    oneOf: [{ type: ['string', 'number', 'boolean'] }, ref('GetFunction'), ref('JoinFunction'), ref('JsonGetFunction')],
  };
  d.JoinFunction = {
    type: 'object',
    properties: {
      'Std:Join': {
        type: 'object',
        properties: { On: { type: 'string' }, Values: { type: 'array', items: part } },
        required: ['Values'],
        additionalProperties: false,
      },
    },
    required: ['Std:Join'],
    additionalProperties: false,
  };
  // Std:JsonGet reads a property file (linear.definition.json's condition).
  d.JsonGetFunction = {
    type: 'object',
    properties: {
      'Std:JsonGet': {
        type: 'object',
        properties: { PropertyFile: { oneOf: [{ type: 'string' }, ref('GetFunction')] }, Path: { type: 'string' } },
        required: ['PropertyFile', 'Path'],
        additionalProperties: false,
      },
    },
    required: ['Std:JsonGet'],
    additionalProperties: false,
  };
  for (const name of VALUE_DEFINITIONS) d[name].oneOf.push(ref('JoinFunction'), ref('JsonGetFunction'));
  // Every definition the SDK writes today has PipelineExperimentConfig.
  schema.properties.PipelineExperimentConfig = {
    type: 'object',
    properties: { ExperimentName: ref('StringArgumentValue'), TrialName: ref('StringArgumentValue') },
    additionalProperties: false,
  };
  amendProcessing(d);
  amendTraining(d);
  amendModels(d);
  amendConditions(d, schema.properties.Steps.items.oneOf);
  // QualityCheckStep.to_request() writes FailOnViolation (the SDK's fail_on_violation, 2.100+).
  d.QualityCheckStep.properties.FailOnViolation = ref('BooleanArgumentValue');
  // The SDK writes ExceptionType as a list (StepRetryPolicy.to_request), the schema a string.
  const kinds = d.RetryPolicy.properties.ExceptionType;
  d.RetryPolicy.properties.ExceptionType = { type: 'array', items: kinds, minItems: 1 };
}

function amendProcessing(d: Json): void {
  const args = d.ProcessingArgs.properties;
  // The SDK writes AppManaged on every processing input and output.
  args.ProcessingInputs.items.properties.AppManaged = { type: 'boolean' };
  args.ProcessingOutputConfig.properties.Outputs.items.properties.AppManaged = { type: 'boolean' };
  // Property files (dynamic-framework-multi-model's calhousing-Metrics).
  d.ProcessingStep.properties.PropertyFiles = {
    type: 'array',
    items: {
      type: 'object',
      properties: { PropertyFileName: { type: 'string' }, OutputName: { type: 'string' }, FilePath: { type: 'string' } },
      required: ['PropertyFileName', 'OutputName', 'FilePath'],
      additionalProperties: false,
    },
  };
}

function amendTraining(d: Json): void {
  const args = d.TrainingStep.properties.Arguments.properties;
  // ProfilerConfig (dynamic-framework-multi-model's trainings).
  args.ProfilerConfig = { type: 'object' };
  // CreateTrainingJob's AlgorithmSpecification.ContainerEntrypoint / ContainerArguments (2023).
  const strings = { type: 'array', items: ref('StringArgumentValue') };
  args.AlgorithmSpecification.properties.ContainerEntrypoint = strings;
  args.AlgorithmSpecification.properties.ContainerArguments = strings;
  // CreateTransformJob's DataCaptureConfig.
  d.TransformStep.properties.Arguments.properties.DataCaptureConfig = {
    type: 'object',
    properties: {
      DestinationS3Uri: ref('StringArgumentValue'),
      KmsKeyId: ref('StringArgumentValue'),
      GenerateInferenceId: ref('BooleanArgumentValue'),
    },
    additionalProperties: false,
  };
}

function amendModels(d: Json): void {
  // A model's data is another step's output (calhousing-CreateModel's ModelDataUrl is a Get).
  d.ContainerDefinition.properties.ModelDataUrl = ref('StringArgumentValue');
  // RegisterModel as the SDK writes it (dynamic-framework-multi-model's registrations).
  const args = d.RegisterModelStep.properties.Arguments.properties;
  args.CustomerMetadataProperties = { type: 'object', additionalProperties: ref('StringArgumentValue') };
  args.ModelApprovalStatus = ref('StringArgumentValue');
  args.SkipModelValidation = { type: 'string' };
  args.InferenceSpecification.properties.Containers.items.properties.Environment = {
    type: 'object',
    additionalProperties: ref('StringArgumentValue'),
  };
}

function amendConditions(d: Json, stepTypes: Json[]): void {
  const value = { anyOf: VALUE_DEFINITIONS.map(ref) };
  // In as the SDK writes it: QueryValue and Values (sdk-unit-test-condition-step-interpolated).
  d.InCondition = {
    type: 'object',
    properties: { Type: { enum: ['In'] }, QueryValue: value, Values: { type: 'array', items: value } },
    required: ['Type', 'QueryValue', 'Values'],
    additionalProperties: false,
  };
  const condition = { anyOf: [ref('BinaryCondition'), ref('InCondition'), ref('OrCondition'), ref('NotCondition')] };
  d.NotCondition = {
    type: 'object',
    properties: { Type: { enum: ['Not'] }, Expression: condition, Condition: condition },
    required: ['Type'],
    additionalProperties: false,
  };
  d.OrCondition.properties.Conditions.items = condition;
  const args = d.ConditionStep.properties.Arguments.properties;
  args.Conditions.items = condition;
  // A branch holds any step, a condition included (the SDK's if_steps take any Step).
  args.IfSteps.items = { oneOf: stepTypes };
  args.ElseSteps.items = { oneOf: stepTypes };
}

const ajv = new AjvModule.default({ allErrors: true, strict: false });
const schema: Json = JSON.parse(readFileSync(new URL('./pipeline-definition.schema.json', import.meta.url), 'utf8'));
delete schema.$schema; // draft-04 style "schema#": Ajv's default draft reads it as is.
sdkAdditions(schema);
ajv.addSchema(schema, 'sagemaker');
const topLevel = ajv.compile({ ...schema, $id: 'sagemaker-top', properties: { ...schema.properties, Steps: { type: 'array' } } });

function describe(errors: ErrorObject[] | null | undefined, where: string): string[] {
  return (errors ?? []).map((e) => `${where}${e.instancePath || '/'}: ${e.message} ${JSON.stringify(e.params)}`);
}

/** The schema errors of `definition`, each naming its step; empty when it is valid. */
export function sageMakerSchemaErrors(definition: Json): string[] {
  const errors = topLevel(definition) ? [] : describe(topLevel.errors, '');
  for (const step of definition.Steps ?? []) {
    const name = DEFINITION_OF_TYPE[step.Type] ?? `${step.Type}Step`;
    const check = ajv.getSchema(`sagemaker#/definitions/${name}`);
    if (!check) errors.push(`step "${step.Name}": no schema for Type ${step.Type}`);
    else if (!check(step)) errors.push(...describe(check.errors, `step "${step.Name}" at `));
  }
  return errors;
}

/** Throws, listing the errors, unless `definition` is valid under the amended schema. */
export function assertSageMakerSchema(definition: Json): void {
  const errors = sageMakerSchemaErrors(definition);
  assert.deepEqual(errors, [], `not a valid SageMaker pipeline definition:\n${errors.join('\n')}`);
}
