/** Small readers over a compiled PipelineSpec, for the KFP compiler tests. */
import assert from 'node:assert/strict';
import { CompileError } from '../../../src/compile/compile-error.js';
import { compileKfp } from '../../../src/compile/kfp/kfp-compiler.js';
import type { ComponentSpec, ContainerSpec, PipelineSpec, TaskSpec } from '../../../src/compile/kfp/kfp-spec.js';
import { BUILTIN_PROFILES } from '../../../src/compile/profiles.js';
import type { TargetProfile } from '../../../src/compile/target.js';
import { processing } from '../../../src/pipeline/dsl/index.js';
import type { PipelineIR } from '../../../src/pipeline/ir.js';
import { assertStrictPipelineSpec } from './proto-check.js';

/** Compiles with the gcp profile (or `profile`) and checks the result against the proto. */
export function compileSpec(ir: PipelineIR, profile: TargetProfile = BUILTIN_PROFILES.gcp): PipelineSpec {
  const doc = compileKfp(ir, profile).document as PipelineSpec;
  assertStrictPipelineSpec(doc);
  return doc;
}

/** The tasks of the root DAG, or of the DAG component `component`. */
export function tasksOf(spec: PipelineSpec, component?: string): Record<string, TaskSpec> {
  if (!component) return spec.root.dag.tasks;
  const dag = spec.components[component]?.dag;
  assert.ok(dag, `component ${component} is a DAG`);
  return dag.tasks;
}

/** A task by name, searched in every DAG. */
export function findTask(spec: PipelineSpec, name: string): { task: TaskSpec; dag: string } {
  const dags: [string, Record<string, TaskSpec>][] = [['root', spec.root.dag.tasks]];
  for (const [cname, c] of Object.entries(spec.components)) if (c.dag) dags.push([cname, c.dag.tasks]);
  for (const [dag, tasks] of dags) if (tasks[name]) return { task: tasks[name], dag };
  assert.fail(`no task ${name}`);
}

export function componentOf(spec: PipelineSpec, task: string): ComponentSpec {
  const c = spec.components[`comp-${task}`];
  assert.ok(c, `component comp-${task}`);
  return c;
}

export function containerOf(spec: PipelineSpec, task: string): ContainerSpec {
  const e = spec.deploymentSpec.executors[`exec-${task}`];
  assert.ok(e && 'container' in e, `exec-${task} is a container`);
  return e.container;
}

/** The process argv after the staging prologue's `--`, or the whole command line without one. */
export function processArgv(container: ContainerSpec): string[] {
  const argv = [...(container.command ?? []), ...(container.args ?? [])];
  const dashes = argv.indexOf('--');
  return container.command?.[3] === 'godwit-stage' ? argv.slice(dashes + 1) : argv;
}

/** The staging flags before `--`, as [flag, a, b] triples. */
export function stagingFlags(container: ContainerSpec): string[][] {
  if (container.command?.[3] !== 'godwit-stage') return [];
  const args = container.args ?? [];
  const flags: string[][] = [];
  for (let i = 0; args[i] !== '--'; i += 3) flags.push(args.slice(i, i + 3));
  return flags;
}

/** Asserts `build` throws a CompileError matching `pattern` that says the way out. */
export function rejects(build: () => unknown, pattern: RegExp): void {
  assert.throws(build, (e: unknown) => {
    assert.ok(e instanceof CompileError, `a CompileError, got ${e}`);
    assert.equal(e.code, 'E_COMPILE_UNSUPPORTED');
    assert.match(e.message, pattern);
    assert.ok(e.hint, 'the error says the way out');
    return true;
  });
}

/** A node processing step `name` with a `out` dataset output. */
export const step = (name: string, extra: Partial<Parameters<typeof processing>[1]> = {}) =>
  processing(name, { command: ['node'], code: `${name}.mjs`, outputs: { out: 'dataset' }, ...extra });
