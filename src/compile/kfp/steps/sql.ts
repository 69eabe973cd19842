/**
 * A sql step as Google Cloud Pipeline Components' `BigqueryQueryJobOp`
 * (`google_cloud_pipeline_components.v1.bigquery.BigqueryQueryJobOp`): its container, command,
 * arguments and inputs exactly as GCPC defines them, so Vertex AI runs the job with GCPC's own
 * launcher. The step's statements become one BigQuery script (`query`); SQL written for Redshift
 * is translated by `translateRedshiftToBigQuery`, each translation note a compile warning.
 * Each unloaded output is an `EXPORT DATA` statement appended to the script, writing under
 * `<root>/<pipeline>/<run id>/<step>/<output>/`, and an importer task (after the query) makes
 * that prefix the `system.Dataset` artifact later steps read.
 */
import type { JoinRef, JsonValue, SqlStep, SqlUnloadOutput, Value } from '../../../pipeline/ir.js';
import { isRef } from '../../../pipeline/ir.js';
import { tableRefsInStep } from '../../../pipeline/walk.js';
import { translateRedshiftToBigQuery } from '../../../sql/redshift/redshift-translator.js';
import { renameParams } from '../../../sql/sql-params.js';
import { CompileError } from '../../compile-error.js';
import { sqlScript, unloadSelect } from '../../sql-text.js';
import { addTask, type KfpContext, placementOf, sqlOutputKey } from '../kfp-context.js';
import { addDependency, bindParameter, dependOn } from '../kfp-dag.js';
import { bindValue } from '../kfp-expressions.js';
import { importArtifact } from '../kfp-importer.js';
import { applyStepCommon } from '../kfp-policies.js';
import { artifactType, type ComponentSpec, type ContainerSpec, placeholder } from '../kfp-spec.js';

/** GCPC's image (`_image.GCPC_IMAGE_TAG`) at the release this compiler follows; a profile may override it. */
export const GCPC_IMAGE = 'gcr.io/ml-pipeline/google-cloud-pipeline-components:2.17.0';
const IMAGE_KEY = 'google-cloud-pipeline-components';

const EXPORT_FORMAT = { csv: 'CSV', parquet: 'PARQUET', jsonl: 'JSON' } as const;
const EXTENSION = { csv: 'csv', parquet: 'parquet', jsonl: 'json' } as const;

export function compileSql(ctx: KfpContext, step: SqlStep): void {
  if (step.dialect !== 'bigquery' && step.dialect !== 'redshift')
    throw new CompileError(
      'kfp',
      step.name,
      `SQL in the ${step.dialect} dialect`,
      'On Vertex AI sql steps run on BigQuery: write the step in the bigquery dialect, or in redshift, which is translated.',
    );
  const project = ctx.profile.project;
  if (!project)
    throw new CompileError('kfp', step.name, 'a sql step without a project', `Set project in the "${ctx.profile.name}" profile.`);
  const place = placementOf(ctx, step.name);
  const task = addTask(ctx, place.dag, place.task, step.displayName ?? step.name, { executorLabel: `exec-${place.task}` });
  applyStepCommon(ctx, step, task);
  for (const t of tableRefsInStep(step)) {
    const producer = placementOf(ctx, t.step);
    dependOn(task, producer.dag, producer.task, step.name);
  }
  const script = bigQuerySql(ctx, step, sqlScript(step, 'kfp', ctx.options));
  bindValue(ctx, task, 'project', project, 'STRING', step.name, 'project');
  bindValue(ctx, task, 'location', ctx.profile.bigquery?.location ?? 'US', 'STRING', step.name, 'location');
  bindValue(ctx, task, 'query', queryValue(ctx, step, script), 'STRING', step.name, 'statements');
  const parameters = queryParameters(step);
  if (parameters.length > 0)
    bindParameter(
      task,
      'query_parameters',
      { kind: 'constant', value: parameters, type: 'LIST', channel: 'query_parameters' },
      false,
      step.name,
    );
  task.component.inputDefinitions = {
    parameters: { ...task.component.inputDefinitions?.parameters, ...COMPONENT.inputDefinitions?.parameters },
  };
  task.component.outputDefinitions = COMPONENT.outputDefinitions;
  ctx.executors[`exec-${place.task}`] = { container: { ...CONTAINER, image: ctx.profile.images[IMAGE_KEY] ?? GCPC_IMAGE } };
  for (const output of step.outputs) {
    const source = importArtifact(ctx, {
      dag: place.dag,
      name: `${place.task}-${output.name}`,
      value: exportPrefix(ctx, step, output),
      type: artifactType('system.Dataset'),
      step: step.name,
      field: `outputs.${output.name}`,
      uploadUri: () => '',
      uploadFor: '',
    });
    addDependency(place.dag.component.dag.tasks[source.task], place.task);
    ctx.helpers.set(sqlOutputKey(step.name, output.name), source);
  }
}

/** BigQuery SQL: Redshift's translated (parameters renamed `:x` → `@x`), with each note a warning. */
function bigQuerySql(ctx: KfpContext, step: SqlStep, sql: string): string {
  if (step.dialect === 'bigquery') return sql;
  const translated = translateRedshiftToBigQuery(renameParams(sql, 'redshift', 'bigquery'));
  for (const note of translated.notes)
    ctx.warnings.push({ step: step.name, message: `SQL statement ${note.statement} (line ${note.line}): ${note.message}` });
  return translated.sql;
}

function exportPrefix(ctx: KfpContext, step: SqlStep, output: SqlUnloadOutput): JoinRef {
  const root = `${ctx.profile.artifactRoot.replace(/\/+$/, '')}/${ctx.ir.name}/`;
  return {
    kind: 'Join',
    on: '',
    values: [root, { kind: 'ExecutionVariable', name: 'ExecutionId' }, `/${step.name}/${output.name}/`],
  };
}

/**
 * The script and its EXPORT DATA statements. GCPC's launcher reads `query` inside a JSON string
 * it builds by concatenation, so the text is JSON-escaped here (newlines, quotes) and decoded back
 * by the launcher's JSON parser.
 */
function queryValue(ctx: KfpContext, step: SqlStep, script: string): Value {
  const parts: Value[] = [script.trim().replace(/;?$/, ';')];
  for (const o of step.outputs) {
    const select = step.dialect === 'redshift' ? translateRedshiftToBigQuery(unloadSelect(o)).sql : unloadSelect(o);
    const header = o.format === 'csv' ? `, header=${o.header !== false}` : '';
    const prefix = exportPrefix(ctx, step, o);
    parts.push(
      `\nEXPORT DATA OPTIONS(uri='`,
      ...prefix.values,
      `*.${EXTENSION[o.format]}', format='${EXPORT_FORMAT[o.format]}', overwrite=true${header}) AS\n${select};`,
    );
  }
  return { kind: 'Join', on: '', values: parts.map((p) => (typeof p === 'string' ? JSON.stringify(p).slice(1, -1) : p)) };
}

/** BigQuery's `QueryParameter` objects; the component takes them as a constant list. */
function queryParameters(step: SqlStep): JsonValue[] {
  return Object.entries(step.params ?? {}).map(([name, v]) => {
    if (isRef(v))
      throw new CompileError(
        'kfp',
        step.name,
        `a run-time value (${v.kind}) for query parameter "${name}"`,
        'BigqueryQueryJobOp takes query_parameters as a constant list: give the parameter a literal value on this target.',
      );
    const type = typeof v === 'boolean' ? 'BOOL' : typeof v === 'string' ? 'STRING' : Number.isInteger(v) ? 'INT64' : 'FLOAT64';
    return { name, parameterType: { type }, parameterValue: { value: String(v) } };
  });
}

/** Python's `json.dumps` of a `ConcatPlaceholder`, as the KFP SDK writes it into the args. */
function concat(items: readonly string[]): string {
  return `{"Concat": [${items.map((i) => JSON.stringify(i)).join(', ')}]}`;
}

const input = (name: string) => placeholder.parameter(name);

/** `bigquery_query_job`'s inputs and outputs, as the KFP SDK compiles GCPC's container component. */
const COMPONENT: ComponentSpec = {
  inputDefinitions: {
    parameters: {
      encryption_spec_key_name: { defaultValue: '', isOptional: true, parameterType: 'STRING' },
      job_configuration_query: { defaultValue: {}, isOptional: true, parameterType: 'STRUCT' },
      labels: { defaultValue: {}, isOptional: true, parameterType: 'STRUCT' },
      location: { defaultValue: 'us-central1', isOptional: true, parameterType: 'STRING' },
      project: { parameterType: 'STRING' },
      query: { defaultValue: '', isOptional: true, parameterType: 'STRING' },
      query_parameters: { defaultValue: [], isOptional: true, parameterType: 'LIST' },
    },
  },
  outputDefinitions: {
    artifacts: { destination_table: { artifactType: artifactType('google.BQTable') } },
    parameters: { gcp_resources: { parameterType: 'STRING' } },
  },
};

const CONTAINER: Omit<ContainerSpec, 'image'> = {
  command: ['python3', '-u', '-m', 'google_cloud_pipeline_components.container.v1.bigquery.query_job.launcher'],
  args: [
    '--type',
    'BigqueryQueryJob',
    '--project',
    input('project'),
    '--location',
    input('location'),
    '--payload',
    concat(['{', '"configuration": {', '"query": ', input('job_configuration_query'), ', "labels": ', input('labels'), '}', '}']),
    '--job_configuration_query_override',
    concat([
      '{',
      '"query": "',
      input('query'),
      '"',
      ', "query_parameters": ',
      input('query_parameters'),
      ', "destination_encryption_configuration": {',
      '"kmsKeyName": "',
      input('encryption_spec_key_name'),
      '"}',
      '}',
    ]),
    '--gcp_resources',
    placeholder.outputParameterFile('gcp_resources'),
    '--executor_input',
    '{{$}}',
  ],
};
