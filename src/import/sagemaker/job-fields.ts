/**
 * Fields processing, training and transform jobs share: resources, environment, timeouts, and the
 * fields that only matter to the cloud (roles, networks, debugger) which are noted once and dropped.
 */
import type { Resources, Value } from '../../pipeline/ir.js';
import type { At, ImportContext } from './import-context.js';
import { child, isObject, type JsonObject, optNumber, optObject } from './json-fields.js';
import { importValue } from './sagemaker-values.js';

/** Request fields with no local meaning: said once per pipeline, then left out. */
const CLOUD_ONLY: Readonly<Record<string, string>> = {
  RoleArn: 'Godwit runs jobs as the local user; no IAM role is needed',
  ExecutionRoleArn: 'Godwit runs jobs as the local user; no IAM role is needed',
  NetworkConfig: 'local jobs have no VPC, network isolation or inter-container encryption',
  VpcConfig: 'local jobs have no VPC',
  DebugHookConfig: 'SageMaker Debugger is not run locally: no tensors are collected and its S3OutputPath is not written',
  ProfilerConfig: 'SageMaker Profiler is not run locally: no system or framework metrics are collected',
  ProfilerRuleConfigurations: 'SageMaker Profiler is not run locally',
  DebugRuleConfigurations: 'SageMaker Debugger is not run locally',
  TensorBoardOutputConfig: 'TensorBoard output is not collected locally',
  ExperimentConfig: 'runs are recorded in Godwit’s metadata instead of SageMaker Experiments',
  Tags: 'local jobs are not tagged',
  EnableNetworkIsolation: 'local jobs have no network isolation',
  EnableInterContainerTrafficEncryption: 'local jobs run on one machine',
};

export function noteCloudOnly(args: JsonObject, ctx: ImportContext, step: string): void {
  for (const key of Object.keys(args)) {
    const why = CLOUD_ONLY[key];
    if (why === undefined) continue;
    if (ctx.notes.some((n) => n.feature === key && n.outcome === 'dropped')) continue;
    ctx.note(undefined, key, 'dropped', `${why} (first seen on step "${step}")`);
  }
}

/** `{InstanceType, InstanceCount, VolumeSizeInGB}` (a processing job's ClusterConfig, a ResourceConfig, TransformResources). */
export function importResources(config: JsonObject | undefined, ctx: ImportContext, at: At): Resources | undefined {
  if (!config) return undefined;
  const out: { -readonly [K in keyof Resources]: Resources[K] } = {};
  if (config.InstanceType !== undefined) out.instanceType = importValue(config.InstanceType, ctx, child(at, 'InstanceType'));
  const count = optNumber(config, 'InstanceCount', at);
  if (count !== undefined) out.instanceCount = count;
  const volume = optNumber(config, 'VolumeSizeInGB', at);
  if (volume !== undefined) out.volumeSizeGB = volume;
  return Object.keys(out).length > 0 ? out : undefined;
}

export function importEnvironment(args: JsonObject, ctx: ImportContext, at: At): Record<string, Value> | undefined {
  const env = optObject(args, 'Environment', at);
  if (!env || Object.keys(env).length === 0) return undefined;
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, importValue(v, ctx, child(at, `Environment.${k}`))]));
}

export function maxRuntime(args: JsonObject, at: At): number | undefined {
  const stopping = optObject(args, 'StoppingCondition', at);
  return stopping ? optNumber(stopping, 'MaxRuntimeInSeconds', child(at, 'StoppingCondition')) : undefined;
}

/** A container-side path without its trailing slash (`/opt/ml/processing/input/code/` → `…/code`). */
export function trimSlash(path: string): string {
  return path.length > 1 ? path.replace(/\/+$/, '') : path;
}

export function literalUri(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export { isObject };
