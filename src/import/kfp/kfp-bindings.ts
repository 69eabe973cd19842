/**
 * What a task's inputs are bound to, once resolved through the DAGs around it: each input
 * parameter as an IR value (a pipeline parameter, a literal), each input artifact as another
 * step's output or a URI brought in by an importer task.
 */
import type { Value } from '../../pipeline/ir.js';

export type ArtifactSource =
  | { readonly kind: 'step'; readonly step: string; readonly output: string }
  | { readonly kind: 'uri'; readonly uri: Value };

export interface Bindings {
  readonly params: ReadonlyMap<string, Value>;
  readonly artifacts: ReadonlyMap<string, ArtifactSource>;
}

/** The IR value an input artifact stands for: the step output reference, or the URI. */
export function artifactValue(source: ArtifactSource): Value {
  return source.kind === 'step' ? { kind: 'StepOutput', step: source.step, output: source.output } : source.uri;
}

/**
 * The file name the artifact has inside the folder Godwit stages it into. A KFP artifact's
 * `.path` is the file itself, while Godwit hands a step a folder per input and output; an
 * imported step writes its output `y` as `<folder>/y`, and a URI is staged under its base name.
 * Undefined when the folder itself is the artifact (a URI prefix, or a URI known only at run time).
 */
export function fileInFolder(source: ArtifactSource): string | undefined {
  if (source.kind === 'step') return source.output;
  if (typeof source.uri !== 'string' || source.uri.endsWith('/')) return undefined;
  const base = source.uri.slice(source.uri.lastIndexOf('/') + 1);
  return base === '' ? undefined : base;
}
