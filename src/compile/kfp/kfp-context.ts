/**
 * What the KFP compiler carries while it walks the IR: the IR and profile, the PipelineSpec maps
 * being filled, and where each step's task lives. Helpers that add tasks (importers, JsonGet
 * readers, machine-type resolvers) add them here, memoised by what they compute.
 */
import type { ParameterSpec, PipelineIR, StepIR } from '../../pipeline/ir.js';
import type { CompileOptions, CompileWarning, TargetProfile } from '../target.js';
import { joinUri, type UploadList } from '../uploads.js';
import type { DagNode, TaskRef } from './kfp-dag.js';
import type { NameAllocator } from './kfp-names.js';
import type { ComponentSpec, ExecutorSpec } from './kfp-spec.js';

/** Where a step runs: the DAG and the task that stands for it (a condition's group task). */
export interface Placement {
  readonly dag: DagNode;
  readonly task: string;
}

/** The DAGs and tasks a condition step owns, made before any step is compiled. */
export interface ConditionLayout {
  /** Tasks carrying the trigger: the then-branch task gets the condition, the else-branch its negation. */
  readonly then?: TaskRef;
  readonly else?: TaskRef;
  readonly thenDag?: DagNode;
  readonly elseDag?: DagNode;
}

export interface KfpContext {
  readonly ir: PipelineIR;
  readonly profile: TargetProfile;
  readonly root: DagNode;
  readonly names: NameAllocator;
  readonly components: Record<string, ComponentSpec>;
  readonly executors: Record<string, ExecutorSpec>;
  readonly uploads: UploadList;
  readonly steps: ReadonlyMap<string, StepIR>;
  readonly parameters: ReadonlyMap<string, ParameterSpec>;
  readonly placements: Map<string, Placement>;
  readonly conditions: Map<string, ConditionLayout>;
  /** Helper tasks by what they compute (`jsonget:…`, `machine:…`), so each is made once. */
  readonly helpers: Map<string, unknown>;
  readonly warnings: CompileWarning[];
  readonly options: CompileOptions;
}

/** Where `ctx.helpers` keeps the importer output standing for a sql step's unloaded output. */
export function sqlOutputKey(step: string, output: string): string {
  return `sql-output:${step}:${output}`;
}

/** A URI under this pipeline's folder of the artifact root: `<artifactRoot>/<pipeline>/<segments…>`. */
export function pipelineUri(ctx: KfpContext, ...segments: string[]): string {
  return joinUri(ctx.profile.artifactRoot, ctx.ir.name, ...segments);
}

export function placementOf(ctx: KfpContext, step: string): Placement {
  const p = ctx.placements.get(step);
  if (!p) throw new Error(`internal: step "${step}" has no placement`);
  return p;
}

/** Registers a task and its component under fresh names in `dag`. */
export function addTask(ctx: KfpContext, dag: DagNode, name: string, displayName: string, component: ComponentSpec): TaskRef {
  const spec = { taskInfo: { name: displayName }, componentRef: { name: `comp-${name}` } };
  dag.component.dag.tasks[name] = spec;
  ctx.components[`comp-${name}`] = component;
  return { dag, name, spec, component };
}
