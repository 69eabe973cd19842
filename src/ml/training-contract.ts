/**
 * The training-container contract, resolved for a built-in algorithm. SageMaker gives channels
 * as folders under `/opt/ml/input/data/`, hyperparameters in
 * `/opt/ml/input/config/hyperparameters.json`, takes the model from `/opt/ml/model` and a failure
 * reason from `/opt/ml/output/failure`, and mirrors these in `SM_CHANNEL_<NAME>`, `SM_MODEL_DIR`,
 * `SM_HPS`, `SM_OUTPUT_DIR`. Vertex AI gives `AIP_MODEL_DIR` and `AIP_TRAINING_DATA_URI` /
 * `AIP_VALIDATION_DATA_URI` / `AIP_TEST_DATA_URI`, whose `gs://bucket/path` is mounted at
 * `/gcs/bucket/path`. `GODWIT_ML_ROOT` moves `/opt/ml` (Godwit's runtime and tests use it).
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { GodwitError } from '../core/errors.js';
import { mediaType } from './inference-format.js';
import type { RawHyperparameter } from './linear-learner/hyperparameters.js';

export interface TrainingPaths {
  readonly channels: Record<string, string>;
  readonly modelDir: string;
  readonly hyperparameters: Record<string, RawHyperparameter>;
  /** Where to write the failure reason; undefined when the caller gave explicit paths. */
  readonly failureFile?: string;
}

export interface TrainingOverrides {
  readonly channels?: Record<string, string>;
  readonly modelDir?: string;
  readonly hyperparameters?: Record<string, RawHyperparameter>;
}

export function mlRoot(env: NodeJS.ProcessEnv): string {
  return env.GODWIT_ML_ROOT ?? '/opt/ml';
}

/** `gs://b/p` → `/gcs/b/p` (Vertex AI's Cloud Storage FUSE mount); `file://` URIs → paths. */
export function localDataPath(uri: string): string {
  if (uri.startsWith('gs://')) return `/gcs/${uri.slice('gs://'.length)}`;
  if (uri.startsWith('file://')) return new URL(uri).pathname;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(uri)) {
    throw new GodwitError('E_CHANNEL', `Cannot read ${uri} inside the algorithm container.`, {
      hint: 'Give a local path, a file:// URI or a gs:// URI (read through the /gcs mount).',
    });
  }
  return uri;
}

/** SageMaker reads a failed job's reason from this file (`FailureReason`). */
export function failureFilePath(env: NodeJS.ProcessEnv): string {
  return join(env.SM_OUTPUT_DIR ?? join(mlRoot(env), 'output'), 'failure');
}

export async function resolveTrainingPaths(env: NodeJS.ProcessEnv, overrides: TrainingOverrides): Promise<TrainingPaths> {
  const root = mlRoot(env);
  const explicit = overrides.channels !== undefined || overrides.modelDir !== undefined;
  const channels = overrides.channels ?? (await discoverChannels(root, env));
  if (!overrides.channels) await checkContentTypes(root, env, channels);
  const modelDir =
    overrides.modelDir ?? env.SM_MODEL_DIR ?? (env.AIP_MODEL_DIR ? localDataPath(env.AIP_MODEL_DIR) : join(root, 'model'));
  const hyperparameters = overrides.hyperparameters ?? (await containerHyperparameters(root, env));
  const failureFile = explicit ? undefined : failureFilePath(env);
  return { channels, modelDir, hyperparameters, failureFile };
}

async function discoverChannels(root: string, env: NodeJS.ProcessEnv): Promise<Record<string, string>> {
  const channels: Record<string, string> = {};
  const dataDir = join(root, 'input', 'data');
  const entries = await readdir(dataDir, { withFileTypes: true }).catch(() => []);
  for (const e of entries) if (e.isDirectory() && !e.name.startsWith('.')) channels[e.name] = join(dataDir, e.name);
  for (const [key, value] of Object.entries(env)) {
    if (key.startsWith('SM_CHANNEL_') && value) channels[key.slice('SM_CHANNEL_'.length).toLowerCase()] = value;
  }
  const vertex = { train: env.AIP_TRAINING_DATA_URI, validation: env.AIP_VALIDATION_DATA_URI, test: env.AIP_TEST_DATA_URI };
  for (const [name, uri] of Object.entries(vertex)) if (uri) channels[name] = localDataPath(uri);
  return channels;
}

/** SageMaker's `inputdataconfig.json` and Vertex's `AIP_DATA_FORMAT` name the data's format; only CSV is read. */
async function checkContentTypes(root: string, env: NodeJS.ProcessEnv, channels: Record<string, string>): Promise<void> {
  if (env.AIP_DATA_FORMAT && env.AIP_DATA_FORMAT !== 'csv') {
    throw new GodwitError('E_CONTENT_TYPE', `AIP_DATA_FORMAT is "${env.AIP_DATA_FORMAT}"; the linear learner reads csv.`, {
      hint: 'Export the dataset as CSV (label first, no header).',
    });
  }
  const config = await readJson(join(root, 'input', 'config', 'inputdataconfig.json'));
  if (!config || typeof config !== 'object') return;
  for (const [name, spec] of Object.entries(config as Record<string, { ContentType?: string }>)) {
    const type = spec?.ContentType;
    if (name in channels && type && mediaType(type) !== 'text/csv') {
      throw new GodwitError(
        'E_CONTENT_TYPE',
        `Channel "${name}" has content type "${type}"; Godwit's linear learner reads text/csv.`,
        {
          hint: 'Give the channel as headerless CSV with the label first, ContentType text/csv.',
        },
      );
    }
  }
}

async function containerHyperparameters(root: string, env: NodeJS.ProcessEnv): Promise<Record<string, RawHyperparameter>> {
  if (env.SM_HPS) return asHyperparameters(parseJson(env.SM_HPS, 'SM_HPS'), 'SM_HPS');
  const file = join(root, 'input', 'config', 'hyperparameters.json');
  const doc = await readJson(file);
  return doc === undefined ? {} : asHyperparameters(doc, file);
}

export function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new GodwitError('E_HYPERPARAMETER', `${source} is not valid JSON: ${(err as Error).message}`);
  }
}

async function readJson(file: string): Promise<unknown> {
  const text = await readFile(file, 'utf8').catch(() => undefined);
  return text === undefined ? undefined : parseJson(text, file);
}

/** Checks that a parsed document is a flat object of strings, numbers and booleans. */
export function asHyperparameters(doc: unknown, source: string): Record<string, RawHyperparameter> {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw new GodwitError(
      'E_HYPERPARAMETER',
      `${source} must be a JSON object of hyperparameters, like {"predictor_type": "regressor"}.`,
    );
  }
  for (const [name, value] of Object.entries(doc)) {
    if (!['string', 'number', 'boolean'].includes(typeof value)) {
      throw new GodwitError('E_HYPERPARAMETER', `${source}: hyperparameter "${name}" must be a string, number or boolean.`);
    }
  }
  return doc as Record<string, RawHyperparameter>;
}
