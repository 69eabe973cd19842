/**
 * What the SageMaker importer knows while it works: every step of the definition by name (condition
 * branches included, since expressions may point into them), the notes so far, the fetched files,
 * and the steps that were folded into others or dropped, so that a `DependsOn` naming one of them
 * still orders the pipeline the same way.
 */
import { GodwitError } from '../../core/errors.js';
import type { StoreOptions } from '../../store/index.js';
import type { ImportNote } from '../pipeline-import.js';

/** A step of the definition as written: `Name`, `Type`, `Arguments` and the envelope fields. */
/** A step being built field by field from the definition. */
export type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export type RawStep = Readonly<Record<string, unknown>> & { readonly Name: string; readonly Type: string };

/** Where a value sits, for messages: the step (if any) and the field path inside it. */
export interface At {
  readonly step?: string;
  readonly field: string;
}

export interface ImportContext {
  readonly steps: ReadonlyMap<string, RawStep>;
  readonly notes: ImportNote[];
  readonly files: Record<string, Uint8Array>;
  readonly store?: StoreOptions;
  /** Steps that became no IR step, with the steps they waited for (what a `DependsOn` on them means). */
  readonly folded: Map<string, readonly string[]>;
  /** Folded steps whose model is another value: the SDK's repack training stands for the model it repacks. */
  readonly modelAliases: Map<string, unknown>;
  /** Steps an IR step must wait for beyond what its references imply, collected while its values are read. */
  readonly extraDeps: Map<string, Set<string>>;
  note(step: string | undefined, feature: string, outcome: ImportNote['outcome'], detail: string): void;
}

export function createImportContext(steps: ReadonlyMap<string, RawStep>, store: StoreOptions | undefined): ImportContext {
  const notes: ImportNote[] = [];
  return {
    steps,
    notes,
    files: {},
    store,
    folded: new Map(),
    modelAliases: new Map(),
    extraDeps: new Map(),
    note: (step, feature, outcome, detail) => {
      // The same fact found twice (a script tried as process.code, then as an input) is said once.
      if (notes.some((n) => n.step === step && n.feature === feature && n.outcome === outcome && n.detail === detail)) return;
      notes.push(step === undefined ? { feature, outcome, detail } : { step, feature, outcome, detail });
    },
  };
}

/** The E_IMPORT error: what is wrong, at which step and field, and the way out. */
export function importError(at: At, message: string, hint: string): GodwitError {
  const where = at.step === undefined ? at.field : `step "${at.step}", ${at.field}`;
  return new GodwitError('E_IMPORT', `SageMaker definition, ${where}: ${message}`, { hint });
}

/** Records that the step being read must wait for `other` (a reference the IR cannot express as one). */
export function addDependency(ctx: ImportContext, step: string | undefined, other: string): void {
  if (step === undefined || step === other) return;
  const deps = ctx.extraDeps.get(step) ?? new Set<string>();
  deps.add(other);
  ctx.extraDeps.set(step, deps);
}

/** `names` with every folded step replaced by what it waited for, in order, without repeats. */
export function resolveDependencies(ctx: ImportContext, names: Iterable<string>, seen = new Set<string>()): string[] {
  const out: string[] = [];
  for (const name of names) {
    const folded = ctx.folded.get(name);
    if (folded === undefined) {
      if (!out.includes(name)) out.push(name);
      continue;
    }
    if (seen.has(name)) continue;
    seen.add(name);
    for (const dep of resolveDependencies(ctx, folded, seen)) if (!out.includes(dep)) out.push(dep);
  }
  return out;
}
