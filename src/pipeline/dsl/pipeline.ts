import { deepFreeze } from '../../core/deep-freeze.js';
import type { StepFunction } from '../function-context.js';
import type { PipelineIR } from '../ir.js';
import { IR_API_VERSION } from '../ir.js';
import { refsInStep } from '../walk.js';
import { checkOptions, type OptionNames } from './options.js';
import { STEP_HANDLE, type Step } from './step.js';
import { PARAMETER_SPEC, type Parameter } from './values.js';

/** What a pipeline file exports: the IR plus the in-process functions its function steps name. */
export interface Pipeline {
  readonly ir: PipelineIR;
  readonly functions: ReadonlyMap<string, StepFunction>;
}

export interface PipelineOptions {
  description?: string;
  parameters?: readonly Parameter[];
  steps: readonly Step[];
}

const OPTIONS: OptionNames<PipelineOptions> = { description: true, parameters: true, steps: true };

/**
 * Builds the pipeline IR from the steps given and every step they reach through references,
 * `dependsOn` and condition branches, upstream first. Duplicate names are left for validation.
 */
export function pipeline(name: string, o: PipelineOptions): Pipeline {
  checkOptions('pipeline()', `Pipeline "${name}"`, o, OPTIONS);
  const ordered = collectSteps(o.steps);
  const functions = new Map<string, StepFunction>();
  for (const s of ordered) if (s.fn) functions.set(s.ir.name, s.fn);

  const ir: PipelineIR = {
    apiVersion: IR_API_VERSION,
    kind: 'Pipeline',
    name,
    ...(o.description ? { description: o.description } : {}),
    parameters: (o.parameters ?? []).map((p) => p[PARAMETER_SPEC]),
    steps: ordered.map((s) => s.ir),
  };
  return Object.freeze({ ir: deepFreeze(structuredClone(ir)), functions });
}

/**
 * The steps given and every step they reach, each after what it depends on and before its
 * condition branches. A depth-first walk with its own stack, not recursion: a pipeline given by
 * the last step of a long chain (20,000 steps) would overflow the call stack.
 */
function collectSteps(steps: readonly Step[]): Step[] {
  const seen = new Set<Step>();
  const ordered: Step[] = [];
  /** A step being visited: the steps still to visit before it, then (once it is placed) after it. */
  const stack: { step: Step; next: readonly Step[]; i: number; placed: boolean }[] = [];
  const enter = (s: Step) => {
    if (seen.has(s)) return;
    seen.add(s);
    stack.push({ step: s, next: upstreamOf(s), i: 0, placed: false });
  };
  for (const root of steps) {
    enter(root);
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      if (top.i < top.next.length) enter(top.next[top.i++]);
      else if (!top.placed) {
        ordered.push(top.step);
        Object.assign(top, { next: top.step.branches, i: 0, placed: true });
      } else stack.pop();
    }
  }
  return ordered;
}

/** What a step depends on: `dependsOn`, then the steps its references point at, in order. */
function upstreamOf(s: Step): Step[] {
  const handles = [...s.upstream];
  for (const { ref: r } of refsInStep(s.ir)) {
    const handle = (r as { [STEP_HANDLE]?: Step })[STEP_HANDLE];
    if (handle) handles.push(handle);
  }
  return handles;
}

export function isPipeline(v: unknown): v is Pipeline {
  return typeof v === 'object' && v !== null && 'ir' in v && 'functions' in v;
}
