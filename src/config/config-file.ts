import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { GodwitError } from '../core/errors.js';
import { didYouMean } from '../core/suggest.js';
import { yamlModule } from '../core/yaml-module.js';
import { port } from './config-env.js';
import { checkImages, type ImageEntry } from './config-images.js';
import { checkWorkflows, type WorkflowsConfig } from './config-workflows.js';

export const PROJECT_CONFIG_FILE = 'godwit.config.yaml';

/** One file's keys, checked and with `${NAME}` references replaced. */
export interface ConfigLayer {
  readonly file: string;
  readonly values: {
    readonly home?: string;
    readonly artifacts?: string;
    readonly databaseUrl?: string;
    readonly server?: { readonly port?: number };
    readonly s3?: { readonly endpoint?: string; readonly region?: string; readonly forcePathStyle?: boolean };
    readonly gcs?: { readonly endpoint?: string; readonly projectId?: string };
    readonly warehouses?: Record<string, { type: 'duckdb' | 'postgres' | 'redshift' | 'bigquery'; url?: string }>;
    readonly defaultWarehouse?: string;
    readonly profiles?: Record<string, Record<string, unknown>>;
    /** Image patterns mapped to local commands, in the file's order (config-images.ts). */
    readonly images?: readonly ImageEntry[];
    /** Lambda functions and SQS queues of state machines mapped to local commands (config-workflows.ts). */
    readonly workflows?: WorkflowsConfig;
  };
}

/** The nearest `godwit.config.yaml` from `cwd` upwards, like git finds its repository. */
export function findProjectFile(cwd: string): string | undefined {
  for (let dir = cwd; ; dir = dirname(dir)) {
    const file = join(dir, PROJECT_CONFIG_FILE);
    if (existsSync(file)) return file;
    if (dirname(dir) === dir) return undefined;
  }
}

export function userConfigFile(env: NodeJS.ProcessEnv): string | undefined {
  const base = env.XDG_CONFIG_HOME || (env.HOME ? join(env.HOME, '.config') : undefined);
  return base ? join(base, 'godwit', 'config.yaml') : undefined;
}

const SECTIONS: Readonly<Record<string, readonly string[] | 'string' | 'named' | 'images' | 'workflows'>> = {
  home: 'string',
  artifacts: 'string',
  databaseUrl: 'string',
  defaultWarehouse: 'string',
  server: ['port'],
  s3: ['endpoint', 'region', 'forcePathStyle'],
  gcs: ['endpoint', 'projectId'],
  warehouses: 'named',
  profiles: 'named',
  images: 'images',
  workflows: 'workflows',
};
const WAREHOUSE_TYPES = ['duckdb', 'postgres', 'redshift', 'bigquery'];

/**
 * Reads and checks one file; undefined when it does not exist. Synchronous, like the rest of
 * configuration loading, so that finding Godwit's home stays a plain function call; the YAML
 * parser is loaded only when a file exists.
 */
export function readConfigFile(file: string, env: NodeJS.ProcessEnv): ConfigLayer | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new GodwitError('E_CONFIG', `Cannot read ${file}: ${(err as Error).message}.`);
  }
  const { parse } = yamlModule();
  let doc: unknown;
  try {
    doc = parse(text) ?? {};
  } catch (err) {
    throw new GodwitError('E_CONFIG', `${file} is not valid YAML: ${(err as Error).message}`);
  }
  const values = interpolate(doc, file, env);
  check(values, file);
  const checked = values as Record<string, unknown>;
  if (checked.images !== undefined) checked.images = checkImages(checked.images, file);
  if (checked.workflows !== undefined) checked.workflows = checkWorkflows(checked.workflows, file);
  return { file, values: checked as ConfigLayer['values'] };
}

function check(doc: unknown, file: string): void {
  const bad = (key: string, what: string, hint?: string) =>
    new GodwitError('E_CONFIG', `${file}: ${key} ${what}`, { hint: hint ?? 'See docs/config.md for every key.' });
  if (!isObject(doc)) throw bad('the document', 'must be a mapping of keys.');
  for (const [key, value] of Object.entries(doc)) {
    const shape = SECTIONS[key];
    if (!shape) throw bad(`"${key}"`, `is not a configuration key.${didYouMean(key, Object.keys(SECTIONS))}`);
    if (shape === 'string' && typeof value !== 'string') throw bad(key, 'must be a string.');
    if (shape === 'string' || shape === 'images' || shape === 'workflows') continue;
    if (!isObject(value)) throw bad(key, 'must be a mapping.');
    if (shape === 'named') {
      for (const [name, entry] of Object.entries(value)) {
        if (!isObject(entry)) throw bad(`${key}.${name}`, 'must be a mapping.');
        if (key === 'warehouses' && !WAREHOUSE_TYPES.includes(String(entry.type)))
          throw bad(`warehouses.${name}.type`, `must be one of ${WAREHOUSE_TYPES.join(', ')}.`);
      }
      continue;
    }
    for (const inner of Object.keys(value)) {
      if (!shape.includes(inner)) throw bad(`"${key}.${inner}"`, `is not a configuration key.${didYouMean(inner, shape)}`);
    }
  }
  if (isObject(doc.server)) port(doc.server.port, `${file}: server.port`);
}

/** Replaces `${NAME}` in every string with the environment variable; a missing one is an error. */
function interpolate(value: unknown, file: string, env: NodeJS.ProcessEnv): unknown {
  if (typeof value === 'string') {
    return value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, name: string) => {
      const v = env[name];
      if (v === undefined) {
        throw new GodwitError('E_CONFIG', `${file} refers to \${${name}}, which is not set in the environment.`, {
          hint: `Set ${name}, or write the value into the file.`,
        });
      }
      return v;
    });
  }
  if (Array.isArray(value)) return value.map((v) => interpolate(v, file, env));
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolate(v, file, env)]));
  return value;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
