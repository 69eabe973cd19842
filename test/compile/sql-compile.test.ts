/**
 * A sql step on every target: SageMaker (a processing job running `godwit sql` in Godwit's
 * image), Step Functions (the Redshift Data API with a describeStatement wait loop) and KFP
 * (GCPC's BigqueryQueryJobOp with Redshift SQL translated). The golden case `sql` holds whole
 * documents; these tests hold the parts a reviewer checks against the clouds' own definitions.
 */
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { describe, test } from 'node:test';
import { CompileError, compile } from '../../src/compile/index.js';
import { BUILTIN_PROFILES } from '../../src/compile/profiles.js';
import type { TargetProfile } from '../../src/compile/target.js';
import { param, pipeline, processing, sql } from '../../src/pipeline/dsl/index.js';
import type { PipelineIR } from '../../src/pipeline/ir.js';

// biome-ignore lint/suspicious/noExplicitAny: reading compiled documents
type Json = any;

const validateAsl = createRequire(import.meta.url)('asl-validator') as (d: unknown) => { isValid: boolean; errorsText(): string };

const since = param.string('since', '2024-01-01');
const SQL_FILE = 'create table analytics.features as\nselect id, nvl(spend, 0) as spend from raw.orders where d >= :since;\n';

function twoSteps(options: { sinceValue?: typeof since | string; unload?: string } = {}): PipelineIR {
  const features = sql('features', {
    dialect: 'redshift',
    file: 'sql/features.sql',
    params: { since: options.sinceValue ?? since },
    outputs: { features: { table: 'analytics.features' } },
  });
  const stage = sql('stage', {
    dialect: 'redshift',
    statements: 'analyze analytics.features',
    reads: { features: features.table('features') },
    outputs: {
      train: { unload: options.unload ?? "select * from analytics.features where spend > 0 and tag <> 'x'", format: 'csv' },
    },
  });
  const fit = processing('fit', { command: ['python3'], code: 'fit.py', inputs: { train: stage.output('train') } });
  return pipeline('shop', { parameters: [since], steps: [fit] }).ir;
}

const readText = (path: string) => (path === 'sql/features.sql' ? SQL_FILE : undefined);

describe('Step Functions: the Redshift Data API', () => {
  const asl: Json = compile(twoSteps(), 'stepfunctions', BUILTIN_PROFILES.aws, { readText }).document;

  test('each statement is executeStatement, a Wait, describeStatement and a Choice on its Status', () => {
    const run = asl.States['features (statement 1)'];
    assert.equal(run.Resource, 'arn:aws:states:::aws-sdk:redshiftdata:executeStatement');
    assert.deepEqual(run.Parameters, {
      Database: 'dev',
      WorkgroupName: 'godwit',
      SecretArn: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:godwit-redshift',
      Sql: 'create table analytics.features as\nselect id, nvl(spend, 0) as spend from raw.orders where d >= :since',
      Parameters: [{ Name: 'since', 'Value.$': "States.Format('{}', $.parameters.since)" }],
    });
    assert.equal(run.Next, 'features (wait 1)');
    assert.equal(asl.States['features (wait 1)'].Type, 'Wait');
    const check = asl.States['features (check 1)'];
    assert.equal(check.Resource, 'arn:aws:states:::aws-sdk:redshiftdata:describeStatement');
    assert.deepEqual(check.Parameters, { 'Id.$': '$.steps.features.Statement.Id' });
    const status = asl.States['features (status 1)'];
    assert.deepEqual(
      status.Choices.map((c: Json) => c.StringEquals ?? c.Or.map((o: Json) => o.StringEquals)),
      ['FINISHED', ['FAILED', 'ABORTED']],
    );
    assert.equal(status.Choices[1].Next, 'features (failed)');
    assert.equal(status.Default, 'features (wait 1)', 'still running: wait and ask again');
    assert.deepEqual(asl.States['features (failed)'], {
      Type: 'Fail',
      Error: 'E_SQL',
      CausePath: '$.steps.features.Describe.Error',
    });
    assert.ok(validateAsl(structuredClone(asl)).isValid);
  });

  test("an unloaded output is Redshift's UNLOAD to the step's output prefix of this execution", () => {
    const unload = asl.States['stage (statement 2)'].Parameters['Sql.$'];
    assert.match(
      unload,
      /^States\.Format\('UNLOAD \(\\'select \* from analytics\.features where spend > 0 and tag <> \\'\\'x\\'\\'\\'\) TO \\'s3:\/\/sagemaker-us-east-1-123456789012\/godwit\/shop\/\{\}\/stage\/output\/train\/\\' IAM_ROLE default FORMAT AS CSV HEADER ALLOWOVERWRITE', \$\$\.Execution\.Name\)$/,
    );
    // The processing step reads that same prefix.
    const fit = JSON.stringify(asl.States.fit.Parameters.ProcessingInputs);
    assert.match(fit, /shop\/\{\}\/stage\/output\/train/);
  });

  test('refusals name the step: parameters inside an unload query, a BigQuery step, no redshift profile', () => {
    assert.throws(
      () =>
        compile(
          twoSteps({ unload: 'select * from analytics.features where d >= :since' }),
          'stepfunctions',
          BUILTIN_PROFILES.aws,
          { readText },
        ),
      (e: unknown) => e instanceof CompileError && /Step "stage" uses a query parameter in the unload query/.test(e.message),
    );
    const bq = pipeline('bq', { steps: [sql('q', { dialect: 'bigquery', statements: 'select 1' })] }).ir;
    assert.throws(() => compile(bq, 'stepfunctions', BUILTIN_PROFILES.aws), /Step "q" uses SQL in the bigquery dialect/);
    const bare: TargetProfile = { ...BUILTIN_PROFILES.aws, redshift: undefined };
    assert.throws(() => compile(twoSteps(), 'stepfunctions', bare, { readText }), /without a redshift profile/);
  });

  test('a provisioned cluster with temporary credentials: ClusterIdentifier and DbUser', () => {
    const profile: TargetProfile = {
      ...BUILTIN_PROFILES.aws,
      redshift: { database: 'analytics', clusterIdentifier: 'c1', dbUser: 'etl' },
    };
    const doc: Json = compile(twoSteps(), 'stepfunctions', profile, { readText }).document;
    const p = doc.States['features (statement 1)'].Parameters;
    assert.deepEqual([p.Database, p.ClusterIdentifier, p.DbUser, p.WorkgroupName], ['analytics', 'c1', 'etl', undefined]);
  });

  test('a .sql file that cannot be read is a CompileError naming the file', () => {
    assert.throws(
      () => compile(twoSteps(), 'stepfunctions', BUILTIN_PROFILES.aws),
      /Step "features" uses the SQL file "sql\/features\.sql"/,
    );
  });
});

describe('SageMaker: a processing job running godwit sql', () => {
  const doc: Json = compile(twoSteps(), 'sagemaker', BUILTIN_PROFILES.aws).document;
  const step = (name: string) => doc.Steps.find((s: Json) => s.Name === name);

  test('Godwit image, the .sql file shipped as code, parameters as arguments, Redshift from the profile', () => {
    const args = step('features').Arguments;
    assert.equal(args.AppSpecification.ImageUri, BUILTIN_PROFILES.aws.images.godwit);
    assert.deepEqual(args.AppSpecification.ContainerEntrypoint, [
      'sh',
      '-ec',
      'mkdir -p /tmp/godwit && printf %s "$GODWIT_SQL_CONFIG" > /tmp/godwit/godwit.config.yaml && cd /tmp/godwit && exec godwit sql "$@"',
      'godwit-sql',
      '--dialect',
      'redshift',
      '--warehouse',
      'redshift',
      '-f',
      '/opt/ml/processing/input/code/features.sql',
    ]);
    assert.deepEqual(args.AppSpecification.ContainerArguments, [
      '--param',
      { 'Std:Join': { On: '', Values: ['since=', { Get: 'Parameters.since' }] } },
    ]);
    assert.equal(
      args.ProcessingInputs[0].S3Input.S3Uri,
      's3://sagemaker-us-east-1-123456789012/godwit/shop/code/features/features.sql',
    );
    assert.deepEqual(JSON.parse(args.Environment.GODWIT_SQL_CONFIG), {
      warehouses: {
        redshift: {
          type: 'redshift',
          database: 'dev',
          workgroupName: 'godwit',
          secretArn: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:godwit-redshift',
          region: 'us-east-1',
        },
      },
    });
  });

  test("unloaded outputs: a second job running Redshift's UNLOAD to its own processing outputs", () => {
    const stage = step('stage');
    assert.deepEqual(stage.DependsOn, ['features'], 'a table reference is a DependsOn');
    assert.deepEqual(stage.Arguments.AppSpecification.ContainerArguments, ['analyze analytics.features']);
    const unload = step('stage-unload');
    assert.deepEqual(unload.DependsOn, ['stage']);
    assert.deepEqual(unload.Arguments.AppSpecification.ContainerArguments, [
      {
        'Std:Join': {
          On: '',
          Values: [
            "UNLOAD ('select * from analytics.features where spend > 0 and tag <> ''x''') TO 's3://sagemaker-us-east-1-123456789012/godwit/shop/",
            { Get: 'Execution.PipelineExecutionId' },
            "/stage-unload/output/train/' IAM_ROLE default FORMAT AS CSV HEADER ALLOWOVERWRITE;\n",
          ],
        },
      },
    ]);
    const output = unload.Arguments.ProcessingOutputConfig.Outputs[0];
    assert.deepEqual(output.S3Output.S3Uri['Std:Join'].Values.slice(4), [
      { Get: 'Execution.PipelineExecutionId' },
      'stage-unload',
      'output',
      'train',
    ]);
    assert.deepEqual(step('fit').Arguments.ProcessingInputs[0].S3Input.S3Uri, {
      Get: "Steps.stage-unload.ProcessingOutputConfig.Outputs['train'].S3Output.S3Uri",
    });
  });
});

describe("KFP: Google Cloud Pipeline Components' BigqueryQueryJobOp", () => {
  const literal = twoSteps({ sinceValue: '2024-01-01' });
  const result = compile(literal, 'kfp', BUILTIN_PROFILES.gcp, { readText });
  const spec: Json = result.document;
  const tasks = spec.root.dag.tasks;

  test("GCPC's container, command and component interface", () => {
    const exec = spec.deploymentSpec.executors['exec-features'].container;
    assert.equal(exec.image, 'gcr.io/ml-pipeline/google-cloud-pipeline-components:2.17.0');
    assert.deepEqual(exec.command, [
      'python3',
      '-u',
      '-m',
      'google_cloud_pipeline_components.container.v1.bigquery.query_job.launcher',
    ]);
    assert.deepEqual(exec.args.slice(0, 2), ['--type', 'BigqueryQueryJob']);
    const component = spec.components['comp-features'];
    assert.deepEqual(Object.keys(component.inputDefinitions.parameters).sort(), [
      'encryption_spec_key_name',
      'job_configuration_query',
      'labels',
      'location',
      'project',
      'query',
      'query_parameters',
    ]);
    assert.deepEqual(component.outputDefinitions.artifacts.destination_table.artifactType.schemaTitle, 'google.BQTable');
    assert.ok(component.outputDefinitions.parameters.gcp_resources);
  });

  test('Redshift SQL is translated to BigQuery, parameters bound as query_parameters, notes are warnings', () => {
    const inputs = tasks.features.inputs.parameters;
    assert.equal(
      inputs.query.runtimeValue.constant,
      'CREATE TABLE analytics.features AS\\nselect id, IFNULL(spend, 0) as spend from raw.orders where d >= @since;',
    );
    assert.deepEqual(inputs.query_parameters.runtimeValue.constant, [
      { name: 'since', parameterType: { type: 'STRING' }, parameterValue: { value: '2024-01-01' } },
    ]);
    assert.deepEqual(inputs.project.runtimeValue.constant, 'my-project');
    assert.ok(result.warnings.some((w) => w.step === 'features' && /nvl\(…\) → IFNULL\(…\)/.test(w.message)));
  });

  test('an unloaded output is EXPORT DATA to this run, then an importer the reading step consumes', () => {
    const query = tasks.stage.inputs.parameters.query.runtimeValue.constant as string;
    assert.match(
      query,
      /EXPORT DATA OPTIONS\(uri='gs:\/\/my-project-godwit\/godwit\/shop\/\{\{\$\.inputs\.parameters\['pipelinechannel--execution-id'\]\}\}\/stage\/train\/\*\.csv', format='CSV', overwrite=true, header=true\) AS\\nselect \* from analytics\.features where spend > 0 and tag <> 'x';$/,
    );
    assert.deepEqual(tasks.stage.dependentTasks, ['features'], 'the table reference orders the tasks');
    assert.deepEqual(tasks['stage-train-importer'].dependentTasks, ['stage']);
    assert.deepEqual(tasks.fit.inputs.artifacts.train, {
      taskOutputArtifact: { producerTask: 'stage-train-importer', outputArtifactKey: 'artifact' },
    });
  });

  test('refused: a run-time parameter value, and a DuckDB step', () => {
    assert.throws(
      () => compile(twoSteps(), 'kfp', BUILTIN_PROFILES.gcp, { readText }),
      /Step "features" uses a run-time value \(Parameter\) for query parameter "since"/,
    );
    const duck = pipeline('d', { steps: [sql('q', { dialect: 'duckdb', statements: 'select 1' })] }).ir;
    assert.throws(() => compile(duck, 'kfp', BUILTIN_PROFILES.gcp), /Step "q" uses SQL in the duckdb dialect/);
  });
});
