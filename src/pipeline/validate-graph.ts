import type { CheckContext } from './validate-context.js';
import { dependenciesOf } from './walk.js';

/**
 * Reports every dependency cycle once, naming it in run order: `a → b → c → a`. Edges are the
 * executor's (data references, `dependsOn`, and a branch step on its condition). Self-edges and
 * edges to unknown steps are left to the reference checks, which name the field.
 */
export function checkCycles(ctx: CheckContext): void {
  const deps = dependenciesOf(ctx.ir);
  // successor edges: `before → after`, restricted to known steps and without self-loops.
  const next = new Map<string, string[]>();
  for (const name of ctx.steps.keys()) next.set(name, []);
  for (const [after, befores] of deps) {
    if (!ctx.steps.has(after)) continue;
    for (const before of befores) if (before !== after && ctx.steps.has(before)) next.get(before)!.push(after);
  }
  for (const component of stronglyConnected(next)) {
    if (component.length < 2) continue;
    const members = new Set(component);
    const start = [...ctx.steps.keys()].find((n) => members.has(n))!;
    const cycle = pathBack(start, next, members);
    ctx.report(
      start,
      'dependencies',
      `steps ${cycle
        .slice(0, -1)
        .map((n) => `"${n}"`)
        .join(', ')} form a cycle: ${cycle.join(' → ')} (each arrow means "must finish before"). ` +
        'Remove one of these references, dependsOn entries or branch memberships.',
    );
  }
}

/** Tarjan's algorithm; returns components in no particular order. */
function stronglyConnected(next: ReadonlyMap<string, readonly string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const visit = (v: string) => {
    index.set(v, counter);
    low.set(v, counter);
    counter++;
    stack.push(v);
    onStack.add(v);
    for (const w of next.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      components.push(component);
    }
  };
  for (const v of next.keys()) if (!index.has(v)) visit(v);
  return components;
}

/** A shortest path from `start` back to itself inside one component (breadth-first). */
function pathBack(start: string, next: ReadonlyMap<string, readonly string[]>, members: ReadonlySet<string>): string[] {
  const cameFrom = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const v = queue.shift()!;
    for (const w of next.get(v) ?? []) {
      if (!members.has(w)) continue;
      if (w === start) {
        const path = [start];
        for (let u = v; u !== start; u = cameFrom.get(u)!) path.splice(1, 0, u);
        return [...path, start];
      }
      if (!cameFrom.has(w) && w !== start) {
        cameFrom.set(w, v);
        queue.push(w);
      }
    }
  }
  return [start, start];
}
