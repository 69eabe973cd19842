/**
 * `godwit algorithm linear-learner`: the entry point of Godwit's algorithm container image on
 * SageMaker or Vertex AI, and a way to train locally. With no path flags it follows the training
 * container contract (src/ml/training-contract.ts); on failure it writes the reason where SageMaker
 * looks for it (/opt/ml/output/failure) and exits non-zero.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { didYouMean } from '../../core/suggest.js';
import { KNOWN_HYPERPARAMETERS, type RawHyperparameter } from '../../ml/linear-learner/hyperparameters.js';
import { trainLinearLearner } from '../../ml/linear-learner/train.js';
import {
  asHyperparameters,
  failureFilePath,
  parseJson,
  resolveTrainingPaths,
  type TrainingOverrides,
} from '../../ml/training-contract.js';
import { EXIT, UsageError, write } from '../cli-io.js';
import type { Handler, Values } from '../spec/command-spec.js';
import type { algorithmOptions } from '../spec/entrypoint-specs.js';

type Options = typeof algorithmOptions;

export const algorithm: Handler<Options> = {
  async run({ values, positionals: [name], extra, io }) {
    if (name !== 'linear-learner')
      throw new UsageError(`Unknown algorithm "${name}". Godwit's built-in algorithms: linear-learner.`);
    checkHyperparameterFlags(extra);
    const paths = await resolveTrainingPaths(io.env, await overridesFrom(values));
    const hyperparameters: Record<string, RawHyperparameter> = { ...paths.hyperparameters, ...extra };
    const log = (line: string) => write(values.json ? io.stderr : io.stdout, line);
    const channelList = Object.entries(paths.channels).map(([channel, path]) => `${channel}=${path}`);
    log(`Godwit linear-learner: channels ${channelList.join(', ') || '(none)'}; model → ${paths.modelDir}`);
    const result = await trainLinearLearner({
      channels: paths.channels,
      hyperparameters,
      modelDir: paths.modelDir,
      log,
      host: io.env.SM_CURRENT_HOST,
    });
    if (values.json) write(io.stdout, JSON.stringify({ metrics: result.metrics, modelPath: result.modelPath }));
    return EXIT.ok;
  },

  /** Under the container contract (no explicit paths), SageMaker shows this file as the job's failure reason. */
  async onFailure(err, args, io) {
    if (args.some((a) => /^--(channel|model-dir)(=|$)/.test(a))) return;
    const file = failureFilePath(io.env);
    const reason = err instanceof Error && 'describe' in err ? (err as { describe(): string }).describe() : String(err);
    try {
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, `${reason}\n`);
    } catch (writeErr) {
      write(io.stderr, `Could not write the failure reason to ${file}: ${(writeErr as Error).message}`);
    }
  },
};

/** Undeclared `--NAME=VALUE` flags must be hyperparameters; anything else is a mistyped option. */
function checkHyperparameterFlags(extra: Readonly<Record<string, string>>): void {
  for (const name of Object.keys(extra)) {
    if (KNOWN_HYPERPARAMETERS.includes(name)) continue;
    const known = ['channel', 'model-dir', 'hyperparameters', 'hyperparameters-file', 'json', ...KNOWN_HYPERPARAMETERS];
    throw new UsageError(
      `Unknown option "--${name}".${didYouMean(
        `--${name}`,
        known.map((k) => `--${k}`),
      )}`,
    );
  }
}

async function overridesFrom(values: Values<Options>): Promise<TrainingOverrides> {
  const channels = values.channel?.map((spec) => {
    const eq = spec.indexOf('=');
    if (eq <= 0 || eq === spec.length - 1) throw new UsageError(`--channel needs NAME=PATH, got "${spec}".`);
    return [spec.slice(0, eq), spec.slice(eq + 1)] as const;
  });
  const inline = values.hyperparameters;
  const file = values['hyperparameters-file'];
  if (inline !== undefined && file !== undefined)
    throw new UsageError('Give --hyperparameters or --hyperparameters-file, not both.');
  let hyperparameters: Record<string, RawHyperparameter> | undefined;
  if (inline !== undefined) hyperparameters = asHyperparameters(parseJson(inline, '--hyperparameters'), '--hyperparameters');
  if (file !== undefined) {
    const text = await readFile(file, 'utf8').catch((err: Error) => {
      throw new UsageError(`Cannot read --hyperparameters-file ${file}: ${err.message}`);
    });
    hyperparameters = asHyperparameters(parseJson(text, file), file);
  }
  return { channels: channels ? Object.fromEntries(channels) : undefined, modelDir: values['model-dir'], hyperparameters };
}
