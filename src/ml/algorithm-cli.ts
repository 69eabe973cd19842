/**
 * `godwit algorithm linear-learner`: the entry point of Godwit's algorithm container image on
 * SageMaker or Vertex AI, and a way to train locally. With no path flags it follows the training
 * container contract (see training-contract.ts); on failure it writes the reason where SageMaker
 * looks for it and exits non-zero.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { type CommandIo, type ParsedFlags, parseFlags, reportError, resolveIo, usageError } from './cli-args.js';
import { KNOWN_HYPERPARAMETERS, type RawHyperparameter } from './linear-learner/hyperparameters.js';
import { trainLinearLearner } from './linear-learner/train.js';
import {
  asHyperparameters,
  failureFilePath,
  parseJson,
  resolveTrainingPaths,
  type TrainingOverrides,
} from './training-contract.js';

export { runTransformCommand } from './transform-cli.js';

const USAGE =
  'godwit algorithm linear-learner [--channel NAME=PATH]... [--model-dir PATH] ' +
  '[--hyperparameters JSON | --hyperparameters-file PATH] [--HYPERPARAMETER=VALUE]... [--json]';

const HELP = `Train Godwit's built-in linear learner (SageMaker's linear-learner hyperparameters and metrics).

Usage: ${USAGE}

  --channel NAME=PATH          a channel (train, validation, test): a folder of headerless CSV, label first
  --model-dir PATH             where model.json is written
  --hyperparameters JSON       hyperparameters as a JSON object
  --hyperparameters-file PATH  hyperparameters from a JSON file (like hyperparameters.json)
  --NAME=VALUE                 one hyperparameter, e.g. --wd=0.01 (Vertex AI passes tuning trials this way)
  --json                       print {"metrics": ..., "modelPath": ...} on stdout; logs go to stderr

Without --channel and --model-dir it follows the SageMaker / Vertex AI training container contract:
channels from /opt/ml/input/data/<name> (or SM_CHANNEL_<NAME>, AIP_TRAINING_DATA_URI, ...),
hyperparameters from /opt/ml/input/config/hyperparameters.json (or SM_HPS), the model to /opt/ml/model
(or SM_MODEL_DIR, AIP_MODEL_DIR), and a failure reason to /opt/ml/output/failure. GODWIT_ML_ROOT moves /opt/ml.

Example:
  godwit algorithm linear-learner --channel train=prep/train --channel validation=prep/validation \\
    --model-dir out/model --hyperparameters '{"predictor_type": "regressor", "wd": 0.01}'`;

const FLAGS = {
  channel: { kind: 'string', multiple: true },
  'model-dir': { kind: 'string' },
  hyperparameters: { kind: 'string' },
  'hyperparameters-file': { kind: 'string' },
  json: { kind: 'boolean' },
  help: { kind: 'boolean' },
  h: { kind: 'boolean' },
} as const;

/** `argv` is what follows `godwit algorithm`: the algorithm name, then its flags. Returns the exit code. */
export async function runAlgorithmCommand(argv: readonly string[], io: CommandIo = {}): Promise<number> {
  const sys = resolveIo(io);
  const [algorithm, ...rest] = argv;
  if (algorithm === undefined || algorithm === '--help' || algorithm === '-h') {
    sys[algorithm ? 'out' : 'err'](HELP);
    return algorithm ? 0 : 2;
  }
  const explicit = rest.some((a) => /^--(channel|model-dir)(=|$)/.test(a));
  const failureFile = explicit ? undefined : failureFilePath(sys.env);
  try {
    if (algorithm !== 'linear-learner') {
      throw usageError(`Unknown algorithm "${algorithm}". Godwit's built-in algorithms: linear-learner.`, USAGE);
    }
    const flags = parseFlags(rest, FLAGS, USAGE, (name) => KNOWN_HYPERPARAMETERS.includes(name));
    if (flags.booleans.has('help') || flags.booleans.has('h')) {
      sys.out(HELP);
      return 0;
    }
    const paths = await resolveTrainingPaths(sys.env, await overridesFrom(flags));
    const hyperparameters: Record<string, RawHyperparameter> = { ...paths.hyperparameters, ...flags.extra };
    const json = flags.booleans.has('json');
    const log = json ? sys.err : sys.out;
    const channelList = Object.entries(paths.channels).map(([name, path]) => `${name}=${path}`);
    log(`Godwit linear-learner: channels ${channelList.join(', ') || '(none)'}; model → ${paths.modelDir}`);
    const result = await trainLinearLearner({
      channels: paths.channels,
      hyperparameters,
      modelDir: paths.modelDir,
      log,
      host: sys.env.SM_CURRENT_HOST,
    });
    if (json) sys.out(JSON.stringify({ metrics: result.metrics, modelPath: result.modelPath }));
    return 0;
  } catch (err) {
    if (failureFile) await writeFailure(failureFile, err, sys.err);
    return reportError(err, sys);
  }
}

async function overridesFrom(flags: ParsedFlags): Promise<TrainingOverrides> {
  const channels = flags.strings.channel?.map((spec) => {
    const eq = spec.indexOf('=');
    if (eq <= 0 || eq === spec.length - 1) throw usageError(`--channel needs NAME=PATH, got "${spec}".`, USAGE);
    return [spec.slice(0, eq), spec.slice(eq + 1)] as const;
  });
  const inline = flags.strings.hyperparameters?.[0];
  const file = flags.strings['hyperparameters-file']?.[0];
  if (inline !== undefined && file !== undefined)
    throw usageError('Give --hyperparameters or --hyperparameters-file, not both.', USAGE);
  let hyperparameters: Record<string, RawHyperparameter> | undefined;
  if (inline !== undefined) hyperparameters = asHyperparameters(parseJson(inline, '--hyperparameters'), '--hyperparameters');
  if (file !== undefined) {
    const text = await readFile(file, 'utf8').catch((err: Error) => {
      throw usageError(`Cannot read --hyperparameters-file ${file}: ${err.message}`, USAGE);
    });
    hyperparameters = asHyperparameters(parseJson(text, file), file);
  }
  return {
    channels: channels ? Object.fromEntries(channels) : undefined,
    modelDir: flags.strings['model-dir']?.[0],
    hyperparameters,
  };
}

async function writeFailure(file: string, err: unknown, warn: (line: string) => void): Promise<void> {
  const reason = err instanceof Error && 'describe' in err ? (err as { describe(): string }).describe() : String(err);
  try {
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, `${reason}\n`);
  } catch (writeErr) {
    warn(`Could not write the failure reason to ${file}: ${(writeErr as Error).message}`);
  }
}
