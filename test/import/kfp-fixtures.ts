/** Shared by the KFP importer's tests: the fixtures, read and parsed, and graph views to compare. */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { PipelineIR } from '../../src/pipeline/ir.js';
import { upstreamOf } from '../../src/pipeline/walk.js';

/** Real specs compiled by the KFP SDK (copied from the shared reference folder). */
export const REFERENCE = new URL('../fixtures/kfp-import/', import.meta.url).pathname;
export const FIXTURES = new URL('../fixtures/kfp-import/', import.meta.url).pathname;
export const GOLDEN = new URL('../golden/', import.meta.url).pathname;

export function readSpec(path: string): Spec {
  return parse(readFileSync(path, 'utf8')) as Spec;
}

/** A deep copy to edit. */
export function clone<T>(v: T): T {
  return structuredClone(v);
}

/** Steps by name: type, what they wait for (data and dependsOn), and branch members. */
export function irGraph(ir: PipelineIR): Record<string, { type: string; upstream: string[]; then?: string[] }> {
  return Object.fromEntries(
    ir.steps.map((s) => [
      s.name,
      { type: s.type, upstream: upstreamOf(s).sort(), ...(s.type === 'condition' ? { then: [...s.then].sort() } : {}) },
    ]),
  );
}

/** A parsed spec as the tests read and edit it: any field at any depth. */
// biome-ignore lint/suspicious/noExplicitAny: a parsed document the tests index freely
export type Spec = Record<string, any>;
type Json = Spec;

/**
 * Every task of a spec's DAGs, by name, with the tasks it waits for (dependentTasks and
 * producers), whether it has a trigger, and the DAG it sits in; importer tasks are left out.
 */
export function kfpGraph(spec: Json): Record<string, { dag: string; upstream: string[]; trigger: boolean }> {
  const out: Record<string, { dag: string; upstream: string[]; trigger: boolean }> = {};
  const isImporter = (task: Json) => {
    const label = spec.components[task.componentRef.name]?.executorLabel;
    return label !== undefined && spec.deploymentSpec.executors[label]?.importer !== undefined;
  };
  const walk = (dag: Json, where: string) => {
    for (const [name, task] of Object.entries(dag.tasks as Json)) {
      if (isImporter(task)) continue;
      const ups = new Set<string>(task.dependentTasks ?? []);
      for (const a of Object.values((task.inputs?.artifacts ?? {}) as Json))
        if (a.taskOutputArtifact) ups.add(a.taskOutputArtifact.producerTask);
      const upstream = [...ups].filter((u) => !isImporter((dag.tasks as Json)[u])).sort();
      out[name] = { dag: where, upstream, trigger: task.triggerPolicy?.condition !== undefined };
      const inner = spec.components[task.componentRef.name]?.dag;
      if (inner) walk(inner, name);
    }
  };
  walk(spec.root.dag, 'root');
  return out;
}
