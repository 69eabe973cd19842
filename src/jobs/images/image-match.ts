/**
 * The shape every entry of the image map gives: a match is decided without touching the disk (so
 * a Create action can refuse an image at once), and resolved later, when the job is planned and
 * its code may be fetched.
 */
import type { ImageContext, ImageRequest, LocalImage } from '../image-map.js';

export interface ImageMatch {
  /** The entry's name (`sagemaker-scikit-learn`, `config: <pattern>`, …). */
  readonly mappedBy: string;
  /** Stages what the process runs (the submit directory, a shipped script) and gives it. */
  resolve(context: ImageContext): Promise<LocalImage>;
}

/** An entry of the built-in map: which images it takes and what it makes of a request for one. */
export interface BuiltinImage {
  readonly name: string;
  /** What docs/images.md says the entry matches and does (checked against the doc by a test). */
  readonly pattern: RegExp;
  /** The match, or an `AwsError('ValidationException')` when the request lacks what the entry needs. */
  match(request: ImageRequest): ImageMatch;
}

/** The job's `Environment` as the process's env (a copy: entries add to it). */
export function jobEnv(request: ImageRequest): Record<string, string> {
  return { ...(request.environment ?? {}) };
}

/** A process that runs the request's `ContainerEntrypoint` with its `ContainerArguments`. */
export function entrypointImage(mappedBy: string, request: ImageRequest, entrypoint: readonly string[]): ImageMatch {
  const [program, ...rest] = entrypoint;
  const process = {
    command: [program as string],
    // Arguments (not the command) have /opt/ml paths rewritten to the job's folders outside bubblewrap.
    args: [...rest, ...(request.arguments ?? [])],
    env: jobEnv(request),
    contract: 'sagemaker' as const,
  };
  return { mappedBy, resolve: async () => ({ mappedBy, process, hyperparameters: asSent(request), metricDefinitions: [] }) };
}

/** Hyperparameters as sent, for a program that reads them itself (training only). */
export function asSent(request: ImageRequest): Readonly<Record<string, string>> {
  return request.use === 'training' ? { ...(request.hyperparameters ?? {}) } : {};
}
