/**
 * Godwit's configuration: one set of keys, read from three layers, highest first:
 *
 *   1. the environment (`GODWIT_HOME`, `GODWIT_DATABASE_URL`, `GODWIT_PORT`, `AWS_ENDPOINT_URL_S3`, …),
 *   2. the project file `godwit.config.yaml`, the nearest one from the working folder upwards,
 *   3. the user file `$XDG_CONFIG_HOME/godwit/config.yaml` (`~/.config/godwit/config.yaml`).
 *
 * A key set in a higher layer wins whole (objects such as `s3` merge key by key; named
 * warehouses and profiles merge by name). Relative paths in a file resolve against that file's
 * folder. String values may say `${NAME}` to take an environment variable, so a password stays
 * out of the file. `docs/config.md` lists every key.
 */
import { dirname, isAbsolute, resolve } from 'node:path';
import { ENV_KEYS } from './config-env.js';
import { type ConfigLayer, findProjectFile, readConfigFile, userConfigFile } from './config-file.js';
import { type ImageEntry, mergeImages } from './config-images.js';
import { mergeWorkflows, type WorkflowsConfig } from './config-workflows.js';

export const DEFAULT_SERVER_PORT = 4600;

export interface GodwitConfig {
  /** Godwit's home: runs, the metadata database (SQLite), the local artifact store. */
  readonly home: string;
  /** Where runs put their artifacts: a folder, `file://`, `s3://bucket/prefix` or `gs://bucket/prefix`. */
  readonly artifacts?: string;
  /** The metadata database: SQLite in the home unless a `postgres://` URL is given. */
  readonly databaseUrl?: string;
  readonly server: { readonly port: number };
  readonly s3: { readonly endpoint?: string; readonly region?: string; readonly forcePathStyle?: boolean };
  readonly gcs: { readonly endpoint?: string; readonly projectId?: string };
  /** Named warehouses (`duckdb`, `postgres`, `redshift`, `bigquery`) and which one `godwit sql` uses. */
  readonly warehouses: Readonly<Record<string, WarehouseConfig>>;
  readonly defaultWarehouse?: string;
  /** Compile profiles, in the form of `godwit.profiles.yaml` (which is still read beside this file). */
  readonly profiles: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /**
   * Container image patterns mapped to local commands for SageMaker jobs (docs/images.md), nearest
   * file's entries first; absent in configurations built by hand, which is the same as none.
   */
  readonly images?: readonly ImageEntry[];
  /** State machines' Lambda functions and SQS queues mapped to local commands and modules; absent is none. */
  readonly workflows?: WorkflowsConfig;
  /** The files that were read, nearest first; empty when none exists. */
  readonly files: readonly string[];
}

export interface WarehouseConfig {
  readonly type: 'duckdb' | 'postgres' | 'redshift' | 'bigquery';
  /** Connection URL (`postgres://…`, a DuckDB file path) or, for BigQuery, the project id. */
  readonly url?: string;
  readonly [option: string]: unknown;
}

export interface ConfigSource {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
}

/** Reads the layers and merges them; a malformed file is an `E_CONFIG` error naming the file and key. */
export function loadConfig(source: ConfigSource): GodwitConfig {
  const project = findProjectFile(source.cwd);
  const layers: ConfigLayer[] = [];
  for (const file of [project, userConfigFile(source.env)]) {
    const layer = file ? readConfigFile(file, source.env) : undefined;
    if (layer) layers.push(layer);
  }
  return mergeLayers(layers, source);
}

function mergeLayers(layers: readonly ConfigLayer[], source: ConfigSource): GodwitConfig {
  const pick = <K extends keyof ConfigLayer['values']>(key: K) => {
    for (const layer of layers) {
      const v = layer.values[key];
      if (v !== undefined) return { value: v as NonNullable<ConfigLayer['values'][K]>, dir: dirname(layer.file) };
    }
    return undefined;
  };
  const merged = <K extends 's3' | 'gcs' | 'warehouses' | 'profiles'>(key: K) =>
    Object.assign({}, ...layers.map((l) => l.values[key] ?? {}).reverse()) as NonNullable<ConfigLayer['values'][K]>;
  const env = ENV_KEYS(source.env);
  const home = env.home ?? pathIn(pick('home')) ?? resolve(source.cwd, '.godwit');
  const artifacts = env.artifacts ?? pathIn(pick('artifacts'));
  return {
    home: resolve(source.cwd, home),
    artifacts: artifacts && !/^[a-z][a-z0-9+.-]*:\/\//i.test(artifacts) ? resolve(source.cwd, artifacts) : artifacts,
    databaseUrl: env.databaseUrl ?? pick('databaseUrl')?.value,
    server: { port: env.port ?? pick('server')?.value.port ?? DEFAULT_SERVER_PORT },
    s3: { ...merged('s3'), ...env.s3 },
    gcs: { ...merged('gcs'), ...env.gcs },
    warehouses: merged('warehouses'),
    defaultWarehouse: env.warehouse ?? pick('defaultWarehouse')?.value,
    profiles: merged('profiles'),
    images: mergeImages(layers.map((l) => l.values.images)),
    workflows: mergeWorkflows(layers.map((l) => l.values.workflows)),
    files: layers.map((l) => l.file),
  };
}

/** A path from a file resolves against the file's folder; URIs are kept as written. */
function pathIn(found: { value: string; dir: string } | undefined): string | undefined {
  if (!found) return undefined;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(found.value) || isAbsolute(found.value)) return found.value;
  return resolve(found.dir, found.value);
}
