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
      `${cycleSubject(cycle)} form a cycle: ${cyclePath(cycle)} (each arrow means "must finish before"). ` +
        'Remove one of these references, dependsOn entries or branch memberships.',
    );
  }
}

/** Long cycles are shown by their ends: a 20,000-step message would bury the answer. */
const CYCLE_SHOWN = 20;

function cycleSubject(cycle: readonly string[]): string {
  const steps = cycle.slice(0, -1);
  return steps.length > CYCLE_SHOWN ? `${steps.length} steps` : `steps ${steps.map((n) => `"${n}"`).join(', ')}`;
}

function cyclePath(cycle: readonly string[]): string {
  if (cycle.length - 1 <= CYCLE_SHOWN) return cycle.join(' → ');
  const half = CYCLE_SHOWN / 2;
  const hidden = cycle.length - 2 * half;
  return [...cycle.slice(0, half), `… ${hidden} more …`, ...cycle.slice(-half)].join(' → ');
}

/**
 * Tarjan's algorithm, iterative: a 20,000-step chain would overflow the call stack of a
 * recursive walk. Returns components in no particular order.
 */
function stronglyConnected(next: ReadonlyMap<string, readonly string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const enter = (v: string) => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
  };
  for (const root of next.keys()) {
    if (index.has(root)) continue;
    enter(root);
    // The explicit call stack: a vertex and how many of its successors have been looked at.
    const frames: [string, number][] = [[root, 0]];
    while (frames.length > 0) {
      const frame = frames[frames.length - 1];
      const [v, i] = frame;
      const successors = next.get(v) ?? [];
      if (i < successors.length) {
        frame[1]++;
        const w = successors[i];
        if (!index.has(w)) {
          enter(w);
          frames.push([w, 0]);
        } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
        continue;
      }
      frames.pop();
      if (frames.length > 0) {
        const parent = frames[frames.length - 1][0];
        low.set(parent, Math.min(low.get(parent)!, low.get(v)!));
      }
      if (low.get(v) === index.get(v)) components.push(popComponent(stack, onStack, v));
    }
  }
  return components;
}

function popComponent(stack: string[], onStack: Set<string>, root: string): string[] {
  const component: string[] = [];
  let w: string;
  do {
    w = stack.pop()!;
    onStack.delete(w);
    component.push(w);
  } while (w !== root);
  return component;
}

/** A shortest path from `start` back to itself inside one component (breadth-first). */
function pathBack(start: string, next: ReadonlyMap<string, readonly string[]>, members: ReadonlySet<string>): string[] {
  const cameFrom = new Map<string, string>();
  const queue = [start];
  // An index instead of shift(): shifting a long queue is quadratic.
  for (let head = 0; head < queue.length; head++) {
    const v = queue[head];
    for (const w of next.get(v) ?? []) {
      if (!members.has(w)) continue;
      if (w === start) {
        const back = [start];
        for (let u = v; u !== start; u = cameFrom.get(u)!) back.push(u);
        return [start, ...back.slice(1).reverse(), start];
      }
      if (!cameFrom.has(w)) {
        cameFrom.set(w, v);
        queue.push(w);
      }
    }
  }
  return [start, start];
}
