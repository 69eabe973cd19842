/**
 * Rewrites a pipeline's cloud bindings from one cloud to the other: a pure function of the IR and
 * the options (files are read through `options.readText`). Names, references, conditions and the
 * algorithm logic stay as they are; what changes is where data lives, what runs it and on what.
 *
 * ```ts
 * const { ir, report } = migrateIr(abalone.ir, { from: 'aws', to: 'gcp', fromProfile: aws, toProfile: gcp, … });
 * ir.parameters.find((p) => p.name === 'processing_instance_type')?.default; // 'n1-standard-4'
 * report.steps.find((s) => s.step === 'preprocess')?.became; // 'KFP container task on Vertex AI Pipelines'
 * ```
 */
import { relative, sep } from 'node:path';
import { BUILTIN_PROFILES } from '../compile/profiles.js';
import { dataParameters, isLocalPath } from '../compile/uploads.js';
import type { ParameterSpec, PipelineIR } from '../pipeline/ir.js';
import { isRef } from '../pipeline/ir.js';
import { BucketMap } from './bucket-map.js';
import { componentOf } from './components.js';
import { isMachineType } from './machine-types.js';
import { OutputFiles, StepMigration } from './migrate-context.js';
import { migrateStep } from './migrate-steps.js';
import type { MigrationOptions, MigrationResult, ParameterReport, StepReport } from './migration.js';

export function migrateIr(ir: PipelineIR, options: MigrationOptions): MigrationResult {
  const buckets = BucketMap.fromProfiles(options.from, options.to, options.fromProfile, options.toProfile, options.bucketMap);
  const outputs = new OutputFiles();
  const steps: StepReport[] = [];
  const migratedSteps = ir.steps.map((step) => {
    const m = new StepMigration(options, buckets, step.name, outputs);
    const migrated = migrateStep(step, m);
    steps.push({
      step: step.name,
      type: step.type,
      was: componentOf(step, options.from),
      became: componentOf(migrated, options.to),
      changes: m.changes,
      human: m.human,
    });
    return migrated;
  });
  const parameterMigration = new StepMigration(options, buckets, '(parameters)', outputs);
  const uses = { instanceTypes: instanceTypeParameters(ir), data: dataParameters(ir) };
  const parameters = ir.parameters.map((p) => migrateParameter(p, uses, parameterMigration));
  const parameterReports: ParameterReport[] = parameterMigration.changes.map((c) => ({
    name: c.field,
    was: c.was,
    became: c.became,
    why: c.why ?? '',
  }));
  const migrated: PipelineIR = { ...ir, parameters, steps: migratedSteps };
  return {
    ir: migrated,
    files: outputs.files,
    report: {
      pipeline: ir.name,
      from: options.from,
      to: options.to,
      fromProfile: options.fromProfile.name,
      toProfile: options.toProfile.name,
      source: relative(options.outDir, options.file).split(sep).join('/'),
      bucketMap: buckets.entries,
      parameters: parameterReports,
      steps,
      sql: outputs.sql,
      human: [...parameterMigration.human, ...pipelineDecisions(buckets, options)],
    },
  };
}

/**
 * A string default that is a bucket URI moves buckets; one that is an instance type (or feeds
 * `resources.instanceType`) becomes the other cloud's type; a local data path is rebased.
 */
function migrateParameter(
  p: ParameterSpec,
  uses: { instanceTypes: Set<string>; data: Map<string, string[]> },
  m: StepMigration,
): ParameterSpec {
  if (typeof p.default !== 'string') return p;
  const value = p.default;
  if (m.buckets.isSourceUri(value)) return { ...p, default: m.uri(value, p.name) };
  if (uses.instanceTypes.has(p.name) || isMachineType(value, m.options.from)) return { ...p, default: m.machine(value, p.name) };
  if (uses.data.has(p.name) && isLocalPath(value)) return { ...p, default: m.uri(value, p.name, true) };
  return p;
}

function instanceTypeParameters(ir: PipelineIR): Set<string> {
  const names = new Set<string>();
  for (const step of ir.steps) {
    const type = 'resources' in step ? step.resources?.instanceType : undefined;
    if (isRef(type) && type.kind === 'Parameter') names.add(type.name);
  }
  return names;
}

function pipelineDecisions(buckets: BucketMap, options: MigrationOptions): string[] {
  const decisions: string[] = [];
  for (const bucket of buckets.assumedBuckets) {
    const target = bucket.replace(/^[a-z0-9]+:\/\//i, options.to === 'gcp' ? 'gs://' : 's3://');
    decisions.push(
      `No bucket pair covers ${bucket}: its URIs now name ${target}. Copy the data there, or rerun with --bucket-map ${bucket}=<${options.to === 'gcp' ? 'gs' : 's3'}://bucket/prefix>.`,
    );
  }
  const copy =
    options.to === 'gcp'
      ? 'gcloud storage rsync --recursive <s3 prefix> <gs prefix> or Storage Transfer Service'
      : 'aws s3 sync after gcloud storage cp, or AWS DataSync';
  if (buckets.used.length > 0)
    decisions.push(`Copy the data each bucket pair maps (${copy}); the migrated pipeline only names the new locations.`);
  const builtin = BUILTIN_PROFILES[options.toProfile.name];
  if (builtin === options.toProfile) {
    const fields =
      options.to === 'gcp' ? 'artifactRoot, project, region, serviceAccount and images' : 'artifactRoot, region, role and images';
    decisions.push(
      `Profile "${options.toProfile.name}" is Godwit's built-in example: set your ${fields} in godwit.profiles.yaml before compiling or submitting.`,
    );
  }
  return decisions;
}
