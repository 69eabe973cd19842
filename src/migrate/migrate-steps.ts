/**
 * One rewriter per step kind (a `Record<StepKind, …>`, so a new kind fails to compile until it is
 * handled here). Each returns the step for the target cloud and records what changed and what a
 * person must decide in the `StepMigration`.
 */
import type {
  InputSpec,
  ProcessSpec,
  RegisterModelStep,
  Resources,
  StepIR,
  StepKind,
  TrainingStep,
  Value,
} from '../pipeline/ir.js';
import { isRef } from '../pipeline/ir.js';
import { migrateContract } from './contract.js';
import type { StepMigration } from './migrate-context.js';
import { migrateSqlStep } from './migrate-sql.js';
import { isSqlFile, translateSqlCode } from './sql-files.js';

type Migrator<K extends StepKind> = (step: Extract<StepIR, { type: K }>, m: StepMigration) => StepIR;

const MIGRATORS: { readonly [K in StepKind]: Migrator<K> } = {
  processing: (step, m) => {
    checkMetricDefinitions(step.metricDefinitions, m);
    const contracted = migrateContract(step, m);
    return {
      ...step,
      ...contracted,
      process: migrateProcess(contracted.process, m),
      inputs: migrateInputs(contracted.inputs, m),
      ...optional('resources', migrateResources(step.name, step.resources, m)),
    };
  },
  training: (step, m) => {
    checkMetricDefinitions(step.metricDefinitions, m);
    const contracted = step.process ? migrateContract(step as TrainingStep & { process: ProcessSpec }, m) : step;
    if (step.spot)
      m.ask(
        `spot: managed spot training has no field in the KFP task; on Vertex AI, run the job with the SPOT scheduling strategy by hand, or remove spot.`,
      );
    return {
      ...step,
      ...contracted,
      ...(contracted.process ? { process: migrateProcess(contracted.process, m) } : {}),
      inputs: migrateInputs(contracted.inputs, m),
      ...optional('hyperparameters', mapRecord(step.hyperparameters, 'hyperparameters', m)),
      ...optional(
        'checkpoint',
        step.checkpoint && { ...step.checkpoint, uri: m.uri(step.checkpoint.uri, 'checkpoint.uri', true) },
      ),
      ...optional('resources', migrateResources(step.name, step.resources, m)),
    };
  },
  transform: (step, m) => ({
    ...step,
    model: m.uri(step.model, 'model', true),
    input: m.uri(step.input, 'input', true),
    ...optional(
      'dataCapture',
      step.dataCapture && {
        ...step.dataCapture,
        destination: m.uri(step.dataCapture.destination, 'dataCapture.destination', true),
      },
    ),
    ...optional('resources', migrateResources(step.name, step.resources, m)),
  }),
  condition: (step) => step,
  fail: (step) => step,
  callback: (step, m) => {
    if (m.options.to === 'gcp')
      m.ask(
        `the step waits for a callback on ${step.queueUrl}; KFP has no such step (the KFP compiler refuses it). Replace it with a container task that polls for the outside event.`,
      );
    return step;
  },
  'quality-check': (step, m) => {
    if (m.options.to === 'gcp')
      m.ask(
        'the step baselines a data set with Model Monitor (a QualityCheckStep); KFP has no such step (the KFP compiler refuses it). Replace it with a processing step running `godwit monitor baseline`.',
      );
    return { ...step, dataset: m.uri(step.dataset, 'dataset', true) };
  },
  'register-model': (step, m) => migrateRegistration(step, m),
  model: (step, m) => {
    if (m.options.to === 'gcp')
      m.ask(
        'the step creates a named SageMaker model, which KFP has no twin for: the KFP compiler leaves it out. Steps that read its name (ModelName) must read the model data instead.',
      );
    return { ...step, model: m.uri(step.model, 'model', true) };
  },
  sql: migrateSqlStep,
  function: (step, m) => {
    m.ask(
      `the step runs an in-process function (${step.handler.module === '#pipeline' ? 'defined in the pipeline file' : step.handler.module}), which runs only locally: the ${m.options.to === 'gcp' ? 'KFP' : 'SageMaker'} compiler refuses it. Turn it into a processing step with a script to run it in the cloud.`,
    );
    let handler = step.handler;
    if (handler.module === '#pipeline') {
      const module = m.rebase(m.options.file);
      handler = { module, export: handler.export };
      m.change('handler.module', '#pipeline', module, 'a YAML pipeline has no functions of its own');
      m.ask(
        `handler: the function "${step.handler.export}" must be exported under that name from ${module} for the YAML pipeline to find it.`,
      );
    } else {
      handler = { ...handler, module: m.rebase(handler.module) };
      if (handler.module !== step.handler.module)
        m.change('handler.module', step.handler.module, handler.module, 'a path relative to the migrated pipeline file');
    }
    return { ...step, handler, inputs: migrateInputs(step.inputs, m), ...optional('args', mapRecord(step.args, 'args', m)) };
  },
};

export function migrateStep(step: StepIR, m: StepMigration): StepIR {
  const migrated = (MIGRATORS[step.type] as Migrator<StepKind>)(step as never, m);
  return m.options.to === 'gcp' ? kfpPolicies(migrated, m) : migrated;
}

/** Policies PipelineSpec cannot state (the KFP compiler refuses them) are removed, and the report says so. */
function kfpPolicies(step: StepIR, m: StepMigration): StepIR {
  const out: Record<string, unknown> = { ...step };
  if (step.cache?.expireAfter !== undefined) {
    out.cache = { enabled: step.cache.enabled };
    m.change('cache.expireAfter', step.cache.expireAfter, '(removed)', 'KFP has no cache lifetime');
    m.ask(
      `cache: KFP has no cache lifetime, so the step now reuses a cached result with no expiry (was ${step.cache.expireAfter}). Keep that, or set cache.enabled to false so the step always runs.`,
    );
  }
  if (step.timeoutSeconds !== undefined) {
    delete out.timeoutSeconds;
    m.change('timeoutSeconds', String(step.timeoutSeconds), '(removed)', 'PipelineSpec has no per-task timeout');
    m.ask(
      `timeoutSeconds: the ${step.timeoutSeconds} s limit is gone on KFP; enforce it inside the step (e.g. timeout ${step.timeoutSeconds} <command>) if it matters.`,
    );
  }
  if (step.retry?.on !== undefined && !['error', 'timeout', 'interrupted'].every((k) => step.retry?.on?.includes(k as never))) {
    const { on, ...rest } = step.retry;
    out.retry = rest;
    m.change('retry.on', `[${on.join(', ')}]`, '(removed)', 'KFP retries every failed attempt alike');
    m.ask(`retry: KFP retries any failure, not only [${on.join(', ')}]; check that retrying the other failures is safe.`);
  }
  return out as unknown as StepIR;
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

function migrateInputs(inputs: readonly InputSpec[], m: StepMigration): InputSpec[] {
  return inputs.map((i) => ({ ...i, source: m.uri(i.source, `inputs.${i.name}.source`, true) }));
}

function migrateProcess(process: ProcessSpec, m: StepMigration): ProcessSpec {
  const out: { -readonly [K in keyof ProcessSpec]: ProcessSpec[K] } = { ...process };
  if (process.code !== undefined && isSqlFile(process.code)) {
    out.code = translateSqlCode(process.code, m);
    sqlClient(process, m);
  } else if (process.code !== undefined) {
    out.code = m.rebase(process.code);
    if (out.code !== process.code)
      m.change('process.code', process.code, out.code, 'a path relative to the migrated pipeline file');
    if (process.entryPoint && isSqlFile(process.entryPoint))
      m.ask(
        `process.entryPoint ${process.entryPoint} is SQL inside a code folder; Godwit translates only a .sql file given as process.code: translate it with translate${m.options.from === 'aws' ? 'RedshiftToBigQuery' : 'BigQueryToRedshift'} by hand.`,
      );
  }
  if (process.image !== undefined) out.image = m.image(process.image, 'process.image');
  else
    m.change(
      'process.image',
      `profile "${m.options.fromProfile.name}" images["${process.command[0]}"]`,
      `profile "${m.options.toProfile.name}" images["${process.command[0]}"]`,
      'no image in the step: each compiler takes the profile image for the command',
    );
  if (process.args) out.args = process.args.map((a, i) => m.uri(a, `process.args[${i}]`));
  if (process.env) out.env = mapRecord(process.env, 'process.env', m);
  return out;
}

/** The program that runs a SQL file is the warehouse's own client; the other warehouse needs another. */
function sqlClient(process: ProcessSpec, m: StepMigration): void {
  const program = process.command[0] ?? '';
  if (m.options.to === 'gcp' && program !== 'bq') {
    m.ask(
      `process.command: the step runs ${program} on SQL that is now BigQuery's; run it with bq query --use_legacy_sql=false (image gcr.io/google.com/cloudsdktool/google-cloud-cli) and the dataset's project and location.`,
    );
  }
  if (m.options.to === 'aws' && program === 'bq') {
    m.ask(
      "process.command: the step runs bq on SQL that is now Redshift's; run it with psql (or the Redshift Data API: aws redshift-data execute-statement) against the cluster.",
    );
  }
}

function mapRecord(
  record: Readonly<Record<string, Value>> | undefined,
  field: string,
  m: StepMigration,
): Record<string, Value> | undefined {
  if (!record) return undefined;
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, m.uri(v, `${field}.${k}`)]));
}

function migrateResources(step: string, resources: Resources | undefined, m: StepMigration): Resources | undefined {
  if (!resources) return undefined;
  const out: { -readonly [K in keyof Resources]: Resources[K] } = { ...resources };
  const type = resources.instanceType;
  if (typeof type === 'string') out.instanceType = m.machine(type, 'resources.instanceType');
  else if (isRef(type) && type.kind !== 'Parameter')
    m.ask(
      `resources.instanceType is computed (${type.kind}); make sure its values are ${m.options.to === 'gcp' ? 'machine' : 'instance'} types.`,
    );
  if (m.options.to === 'gcp') {
    if ((resources.instanceCount ?? 1) > 1) {
      m.ask(
        `resources.instanceCount is ${resources.instanceCount}: a KFP task is one container. Distributed training needs a Vertex AI custom job with worker pools (GCPC CustomTrainingJobOp); set instanceCount to 1 or port step "${step}" by hand.`,
      );
    }
    if (resources.volumeSizeGB !== undefined) {
      delete out.volumeSizeGB;
      m.change(
        'resources.volumeSizeGB',
        String(resources.volumeSizeGB),
        '(removed)',
        'KFP tasks state no disk size; Vertex AI gives each a 100 GB boot disk',
      );
    }
  }
  return out;
}

function checkMetricDefinitions(defs: readonly unknown[] | undefined, m: StepMigration): void {
  if (defs?.length && m.options.to === 'gcp') {
    m.ask(
      'metricDefinitions: KFP reads no metrics from logs, so on GCP these metrics are not collected (the KFP compiler warns). Write them to a JSON property file and read them with JsonGet where later steps or monitoring need them.',
    );
  }
}

function migrateRegistration(step: RegisterModelStep, m: StepMigration): StepIR {
  const instances = (list: readonly string[] | undefined, field: string) => list?.map((t, i) => m.machine(t, `${field}[${i}]`));
  if (m.options.to === 'gcp') {
    m.ask(
      `the model is registered in Godwit's registry (group "${step.modelPackageGroup}"), which keeps the approval status; Vertex AI Model Registry has none. Decide whether to also upload approved versions to Vertex AI Model Registry.`,
    );
  }
  return {
    ...step,
    model: m.uri(step.model, 'model', true),
    ...optional('metrics', step.metrics === undefined ? undefined : m.uri(step.metrics, 'metrics', true)),
    ...optional('image', step.image === undefined ? undefined : m.image(step.image, 'image')),
    ...optional('inferenceInstances', instances(step.inferenceInstances, 'inferenceInstances')),
    ...optional('transformInstances', instances(step.transformInstances, 'transformInstances')),
  };
}
