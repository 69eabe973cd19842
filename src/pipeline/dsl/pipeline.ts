import type { StepFunction } from '../function-context.js';
import type { PipelineIR } from '../ir.js';
import { IR_API_VERSION } from '../ir.js';
import { refsInStep } from '../walk.js';
import { checkOptions, type OptionNames } from './options.js';
import { STEP_HANDLE, type Step } from './step.js';
import { deepFreeze, PARAMETER_SPEC, type Parameter } from './values.js';

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

/** The steps given and every step they reach, each after what it depends on. */
function collectSteps(steps: readonly Step[]): Step[] {
  const seen = new Set<Step>();
  const ordered: Step[] = [];
  const visit = (s: Step) => {
    if (seen.has(s)) return;
    seen.add(s);
    for (const u of s.upstream) visit(u);
    for (const { ref: r } of refsInStep(s.ir)) {
      const handle = (r as { [STEP_HANDLE]?: Step })[STEP_HANDLE];
      if (handle) visit(handle);
    }
    ordered.push(s);
    for (const b of s.branches) visit(b);
  };
  for (const s of steps) visit(s);
  return ordered;
}

export function isPipeline(v: unknown): v is Pipeline {
  return typeof v === 'object' && v !== null && 'ir' in v && 'functions' in v;
}
