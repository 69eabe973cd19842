/**
 * Godwit's own image, as the compile profiles name it (`<registry>/godwit:<version>`) or by its
 * local name `godwit/builtin`: it runs Godwit's CLI, whose entry points are what the image runs on
 * a cloud (`godwit algorithm linear-learner`, `godwit transform`, `godwit serve`). A
 * `ContainerEntrypoint` starting with `godwit` says which; a training job without one runs the
 * built-in algorithm when there is exactly one (linear-learner today).
 */
import { fileURLToPath } from 'node:url';
import { BUILTIN_ALGORITHM_NAMES, BUILTIN_ALGORITHMS } from '../../pipeline/builtin-algorithms.js';
import { AwsError } from '../../server/aws/aws-error.js';
import type { ImageRequest } from '../image-map.js';
import { asSent, type ImageMatch, jobEnv } from './image-match.js';

export function godwitImage(mappedBy: string, request: ImageRequest): ImageMatch {
  const entry = request.entrypoint;
  if (entry?.[0] === 'node') return nodeScript(mappedBy, request, entry);
  const args = entry && entry.length > 0 ? godwitArgs(request, entry) : defaultArgs(request);
  const algorithm = args[0] === 'algorithm' ? BUILTIN_ALGORITHM_NAMES.find((n) => n === args[1]) : undefined;
  const metricDefinitions = algorithm
    ? BUILTIN_ALGORITHMS[algorithm].metricDefinitions.map((m) => ({ name: m.Name, regex: m.Regex }))
    : [];
  const process = {
    command: [global.process.execPath],
    args: [...cliEntry(), ...args, ...(request.arguments ?? [])],
    env: jobEnv(request),
    contract: 'sagemaker' as const,
  };
  return { mappedBy, resolve: async () => ({ mappedBy, process, hyperparameters: asSent(request), metricDefinitions }) };
}

/**
 * `ContainerEntrypoint: ["node", "/opt/ml/processing/input/code/step.mjs"]`: the image runs Godwit's
 * CLI on Node, so it runs a script with that Node too — what Godwit's compiled processing steps
 * (`examples/abalone/abalone.asl.json`, `.sagemaker.json`) ask of it.
 */
function nodeScript(mappedBy: string, request: ImageRequest, entry: readonly string[]): ImageMatch {
  const process = {
    command: [global.process.execPath],
    args: [...entry.slice(1), ...(request.arguments ?? [])],
    env: jobEnv(request),
    contract: 'sagemaker' as const,
  };
  return { mappedBy, resolve: async () => ({ mappedBy, process, hyperparameters: asSent(request), metricDefinitions: [] }) };
}

function godwitArgs(request: ImageRequest, entry: readonly string[]): string[] {
  if (entry[0] === 'godwit') return entry.slice(1);
  throw new AwsError(
    'ValidationException',
    `The image "${request.image}" is Godwit's own image, which runs Godwit's CLI or Node, but ContainerEntrypoint starts with "${entry[0]}". ` +
      'Give ContainerEntrypoint ["godwit", "algorithm", "linear-learner"] (or another godwit entry point), ["node", "<script>"], or leave it out for a training job.',
  );
}

function defaultArgs(request: ImageRequest): string[] {
  if (request.use === 'training' && BUILTIN_ALGORITHM_NAMES.length === 1)
    return ['algorithm', BUILTIN_ALGORITHM_NAMES[0] as string];
  if (request.use === 'transform') return ['serve'];
  throw new AwsError(
    'ValidationException',
    `The image "${request.image}" is Godwit's own image: a ${request.use} job must say what it runs with ContainerEntrypoint, e.g. ["godwit", "algorithm", "linear-learner"].`,
  );
}

/** Godwit's CLI in a new process: the built `dist/cli/bin.js`, or `src/cli/bin.ts` through tsx in a checkout. */
function cliEntry(): string[] {
  const here = fileURLToPath(import.meta.url);
  if (!here.endsWith('.ts')) return [fileURLToPath(new URL('../../cli/bin.js', import.meta.url))];
  const tsx = import.meta.resolve('tsx');
  return ['--conditions=godwit-source', '--import', tsx, fileURLToPath(new URL('../../cli/bin.ts', import.meta.url))];
}
