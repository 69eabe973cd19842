/**
 * The order tasks of one DAG are imported in: every producer before the tasks that read its
 * outputs or name it in `dependentTasks`, so a task's inputs resolve to steps already made.
 */
import { isObject, type Json, objectAt, refuse, stringsAt, type Where } from './kfp-document.js';

/** Task names in an order where every producer comes before the tasks that read or wait for it. */
export function producersFirst(where: Where, tasks: Json): string[] {
  const upstream = new Map<string, string[]>();
  for (const [name, task] of Object.entries(tasks)) {
    const t = objectAt(where, task, `dag.tasks.${name}`);
    const ups = stringsAt(where, t.dependentTasks, `dag.tasks.${name}.dependentTasks`);
    const inputs = objectAt(where, t.inputs, 'inputs');
    for (const group of [inputs.parameters, inputs.artifacts]) {
      for (const spec of Object.values(isObject(group) ? group : {})) {
        const producer =
          isObject(spec) &&
          (isObject(spec.taskOutputArtifact)
            ? spec.taskOutputArtifact
            : isObject(spec.taskOutputParameter)
              ? spec.taskOutputParameter
              : undefined);
        if (producer && typeof producer.producerTask === 'string') ups.push(producer.producerTask);
      }
    }
    upstream.set(
      name,
      ups.filter((u) => u in tasks),
    );
  }
  const order: string[] = [];
  const done = new Set<string>();
  const visit = (name: string, path: Set<string>) => {
    if (done.has(name)) return;
    if (path.has(name)) throw refuse({ ...where, task: name }, 'its dependencies form a cycle.');
    path.add(name);
    for (const u of upstream.get(name) ?? []) visit(u, path);
    path.delete(name);
    done.add(name);
    order.push(name);
  };
  for (const name of Object.keys(tasks)) visit(name, new Set());
  return order;
}
