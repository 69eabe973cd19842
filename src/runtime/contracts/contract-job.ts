/**
 * What a contract needs to know about a staged step (`ContractJob`), gathered from the IR, the
 * run and the workspace, and the contract that turns it into variables, files and arguments.
 */
import { readdir } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { toFileUri } from '../../core/uri.js';
import { isRef, type ParameterValue, type ProcessingStep, type TrainingStep, type Value } from '../../pipeline/ir.js';
import { localPathOf } from '../artifact-io.js';
import type { StepContext } from '../step-context.js';
import { type ContainerContract, type ContractJob, type ContractName, type JobKind, jobNameFor } from './container-contract.js';
import { sagemakerProcessingContract } from './sagemaker-processing-contract.js';
import { sagemakerTrainingContract } from './sagemaker-training-contract.js';
import { vertexContract } from './vertex-contract.js';

/** One contract per cloud and job kind: a new contract name does not type-check until it has both. */
export const CONTRACTS: Readonly<Record<ContractName, Readonly<Record<JobKind, ContainerContract>>>> = {
  sagemaker: { training: sagemakerTrainingContract, processing: sagemakerProcessingContract },
  vertex: { training: vertexContract, processing: vertexContract },
};

/** SageMaker's default ML storage volume. */
const DEFAULT_VOLUME_GB = 30;

export interface JobFacts {
  readonly at: (containerPath: string) => string;
  readonly sandboxed: boolean;
  readonly inputPaths: readonly string[];
  readonly outputPaths: readonly string[];
  /** Host folder of each staged input, by name. */
  readonly stagedInputs: Readonly<Record<string, string>>;
  readonly hyperparameters: Readonly<Record<string, ParameterValue>>;
  readonly program?: string;
  readonly codeDir?: string;
  readonly entrypoint: readonly string[];
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly checkpointDir?: string;
}

export async function describeJob(ctx: StepContext, step: TrainingStep | ProcessingStep, f: JobFacts): Promise<ContractJob> {
  const resources = step.resources;
  return {
    kind: step.type,
    jobName: jobNameFor(ctx.run.ir.name, step.name, ctx.run.id),
    runId: ctx.run.id,
    pipeline: ctx.run.ir.name,
    step: step.name,
    at: f.at,
    inputs: await Promise.all(
      step.inputs.map(async (input, n) => ({
        name: input.name,
        containerPath: f.inputPaths[n],
        source: await sourceUri(ctx, input.source),
        files: await listRelative(f.stagedInputs[input.name]),
        ...(input.channel ? { channel: input.channel } : {}),
      })),
    ),
    outputs: step.outputs.map((o, n) => ({
      name: o.name,
      containerPath: f.outputPaths[n],
      // Where collectOutput will store it.
      uri: `${ctx.services.store.uri(`runs/${ctx.run.id}/${step.name}/${o.name}`)}/`,
    })),
    hyperparameters: f.hyperparameters,
    program: f.program,
    codeDir: f.codeDir,
    entrypoint: f.entrypoint,
    args: f.args,
    env: f.env,
    image: step.process?.image,
    instanceType: resources?.instanceType === undefined ? 'local' : String(await ctx.resolve(resources.instanceType)),
    instanceCount: resources?.instanceCount ?? 1,
    volumeSizeGB: resources?.volumeSizeGB ?? DEFAULT_VOLUME_GB,
    maxRuntimeSeconds: step.timeoutSeconds,
    cpus: availableParallelism(),
    checkpointDir: f.checkpointDir,
    hostEnv: ctx.run.hostEnv,
    sandboxed: f.sandboxed,
  };
}

/** Where an input came from, as a URI for the contract's config files. */
async function sourceUri(ctx: StepContext, source: Value): Promise<string> {
  if (isRef(source) && source.kind === 'StepOutput') return ctx.artifactFor(source, 'input').uri;
  const resolved = String(await ctx.resolve(source));
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(resolved) ? resolved : toFileUri(localPathOf(resolved, ctx.run.baseDir));
}

/** Data files under a staged input, relative and sorted; hidden files are skipped. */
async function listRelative(dir: string | undefined, rel = ''): Promise<string[]> {
  if (dir === undefined) return [];
  const entries = await readdir(join(dir, rel), { withFileTypes: true }).catch(() => []);
  const out: string[] = [];
  for (const e of entries) {
    const path = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...(await listRelative(dir, path)));
    else if (!e.name.startsWith('.')) out.push(path);
  }
  return out.sort();
}
