/**
 * DAGs and how a task reads a value. A condition branch is its own DAG component; KFP forbids a
 * task from naming a producer outside its DAG, so — as the SDK does — a value from an enclosing
 * DAG is "punched" through every condition component between producer and consumer: each one
 * declares it as an input (`pipelinechannel--<task>-<key>`) and the task that runs it passes it on.
 */
import type { JsonValue } from '../../pipeline/ir.js';
import { CompileError } from '../compile-error.js';
import { channelName } from './kfp-names.js';
import type {
  ArtifactTypeSchema,
  ComponentSpec,
  InputArtifactSpec,
  InputParameterSpec,
  KfpParameterType,
  TaskSpec,
} from './kfp-spec.js';

/** A task as it is being built: where it runs, its spec, and the component it calls. */
export interface TaskRef {
  readonly dag: DagNode;
  readonly name: string;
  readonly spec: TaskSpec;
  readonly component: ComponentSpec;
}

export interface DagNode {
  readonly component: ComponentSpec & { dag: { tasks: Record<string, TaskSpec> } };
  /** The task that runs this DAG; absent for the pipeline's root. */
  readonly parent?: TaskRef;
}

/** Where a parameter value comes from. */
export type ParamSource =
  | { readonly kind: 'pipeline'; readonly name: string; readonly type: KfpParameterType }
  | { readonly kind: 'task'; readonly dag: DagNode; readonly task: string; readonly key: string; readonly type: KfpParameterType }
  | { readonly kind: 'constant'; readonly value: JsonValue; readonly type: KfpParameterType; readonly channel: string };

/** An output artifact of a task. */
export interface ArtifactSource {
  readonly dag: DagNode;
  readonly task: string;
  readonly key: string;
  readonly type: ArtifactTypeSchema;
}

export function paramChannel(source: ParamSource): string {
  if (source.kind === 'pipeline') return channelName(undefined, source.name);
  if (source.kind === 'task') return channelName(source.task, source.key);
  return source.channel;
}

export function artifactChannel(source: ArtifactSource): string {
  return channelName(source.task, source.key);
}

/** Adds `dependency` to a task's dependentTasks, kept sorted and unique as the SDK writes them. */
export function addDependency(spec: TaskSpec, dependency: string): void {
  const deps = spec.dependentTasks ?? [];
  if (deps.includes(dependency)) return;
  deps.push(dependency);
  deps.sort();
  spec.dependentTasks = deps;
}

function isAncestor(ancestor: DagNode, dag: DagNode): boolean {
  for (let d: DagNode | undefined = dag; d; d = d.parent?.dag) if (d === ancestor) return true;
  return false;
}

function crossBranch(consumer: string, producer: string, what = 'a value of'): CompileError {
  return new CompileError(
    'kfp',
    consumer,
    `${what} "${producer}", which runs inside a condition branch that does not enclose "${consumer}"`,
    'KFP lets a task read only from its own DAG or an enclosing one. Move the consumer into the same branch, or the producer out of it.',
  );
}

/** Sets a parameter input on a task, punching it through condition DAGs where needed. */
export function bindParameter(task: TaskRef, input: string, source: ParamSource, declare: boolean, consumer: string): void {
  const spec = parameterSpec(task, source, consumer);
  task.spec.inputs ??= {};
  task.spec.inputs.parameters ??= {};
  task.spec.inputs.parameters[input] = spec;
  if (declare) {
    task.component.inputDefinitions ??= {};
    task.component.inputDefinitions.parameters ??= {};
    task.component.inputDefinitions.parameters[input] = { parameterType: source.type };
  }
}

function parameterSpec(task: TaskRef, source: ParamSource, consumer: string): InputParameterSpec {
  const dag = task.dag;
  if (source.kind === 'constant') return { runtimeValue: { constant: source.value } };
  if (source.kind === 'pipeline' && !dag.parent) return { componentInputParameter: source.name };
  if (source.kind === 'task' && source.dag === dag) {
    addDependency(task.spec, source.task);
    return { taskOutputParameter: { producerTask: source.task, outputParameterKey: source.key } };
  }
  if (source.kind === 'task' && !isAncestor(source.dag, dag)) throw crossBranch(consumer, source.task);
  const channel = paramChannel(source);
  punchParameter(dag, channel, source, consumer);
  return { componentInputParameter: channel };
}

function punchParameter(dag: DagNode, channel: string, source: ParamSource, consumer: string): void {
  if (dag.component.inputDefinitions?.parameters?.[channel]) return;
  bindParameter(dag.parent as TaskRef, channel, source, true, consumer);
}

/** Sets an artifact input on a task, punching it through condition DAGs where needed. */
export function bindArtifact(task: TaskRef, input: string, source: ArtifactSource, declare: boolean, consumer: string): void {
  const spec = artifactSpec(task, source, consumer);
  task.spec.inputs ??= {};
  task.spec.inputs.artifacts ??= {};
  task.spec.inputs.artifacts[input] = spec;
  if (declare) {
    task.component.inputDefinitions ??= {};
    task.component.inputDefinitions.artifacts ??= {};
    task.component.inputDefinitions.artifacts[input] = { artifactType: source.type };
  }
}

function artifactSpec(task: TaskRef, source: ArtifactSource, consumer: string): InputArtifactSpec {
  const dag = task.dag;
  if (source.dag === dag) {
    addDependency(task.spec, source.task);
    return { taskOutputArtifact: { producerTask: source.task, outputArtifactKey: source.key } };
  }
  if (!isAncestor(source.dag, dag)) throw crossBranch(consumer, source.task);
  const channel = artifactChannel(source);
  if (!dag.component.inputDefinitions?.artifacts?.[channel]) bindArtifact(dag.parent as TaskRef, channel, source, true, consumer);
  return { componentInputArtifact: channel };
}

/**
 * Makes `task` wait for `producer` (a task in `producerDag`). Inside a condition branch the wait
 * goes on the branch's task in the producer's DAG, as the SDK does for `.after()` across a
 * `dsl.If`. A producer that is itself one of the tasks running this DAG is already waited for.
 */
export function dependOn(task: TaskRef, producerDag: DagNode, producer: string, consumer: string): void {
  let dag = task.dag;
  let spec = task.spec;
  while (dag !== producerDag) {
    const parent = dag.parent;
    if (!parent) throw crossBranch(consumer, producer, 'a dependency on');
    if (parent.dag === producerDag && parent.name === producer) return;
    dag = parent.dag;
    spec = parent.spec;
  }
  addDependency(spec, producer);
}
