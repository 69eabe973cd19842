/**
 * `godwit migrate` as a library: load a pipeline file, rewrite its cloud bindings, and write the
 * migrated pipeline (YAML IR: a TypeScript pipeline cannot be rewritten in place), the report
 * (markdown) and translated SQL files into the output folder.
 *
 * ```ts
 * const result = await migratePipelineFile('examples/abalone/pipeline.ts', { from: 'aws', to: 'gcp', cwd: process.cwd() });
 * result.written; // ['examples/abalone/migrated/abalone.gcp.yaml', 'examples/abalone/migrated/abalone.gcp.md']
 * ```
 */
import { readFileSync, statSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { stringify } from 'yaml';
import { resolveProfile } from '../compile/profile-file.js';
import { GodwitError } from '../core/errors.js';
import { type LoadedPipeline, loadPipelineFile } from '../pipeline/load.js';
import { assertValidPipeline } from '../pipeline/validate.js';
import { migrateIr } from './migrate-pipeline.js';
import type { Cloud, MigrationResult, OutputFile } from './migration.js';
import { reportMarkdown } from './report-markdown.js';

export type { SqlNote, SqlTranslation } from '../sql/index.js';
export { translateBigQueryToRedshift, translateRedshiftToBigQuery } from '../sql/index.js';
export { BucketMap, parseBucketPair } from './bucket-map.js';
export { mapImage } from './images.js';
export { isMachineType, mapMachineType } from './machine-types.js';
export { migrateIr } from './migrate-pipeline.js';
export type { Cloud, MigrationOptions, MigrationReport, MigrationResult } from './migration.js';
export { reportMarkdown } from './report-markdown.js';

export interface MigrateFileOptions {
  readonly from: Cloud;
  readonly to: Cloud;
  /** Default `<pipeline folder>/migrated`. */
  readonly outDir?: string;
  /** Profile names; default the cloud names (`aws`, `gcp`). */
  readonly fromProfile?: string;
  readonly toProfile?: string;
  readonly bucketMap?: readonly (readonly [string, string])[];
  readonly redshiftRole?: string;
  /** Where relative paths, godwit.profiles.yaml and godwit.config.yaml are looked up. */
  readonly cwd: string;
  /** The caller's environment, for the configuration's profiles; default this process's. */
  readonly env?: NodeJS.ProcessEnv;
}

export interface MigrateFileResult extends MigrationResult {
  /** Absolute paths of the files written, the pipeline first, then the report. */
  readonly written: readonly string[];
}

/** The largest script Godwit reads to check which contract it follows, or to translate. */
const MAX_TEXT = 4 * 1024 * 1024;

export async function migratePipelineFile(path: string, options: MigrateFileOptions): Promise<MigrateFileResult> {
  const loaded = await loadPipelineFile(resolve(options.cwd, path));
  const outDir = resolve(options.cwd, options.outDir ?? join(loaded.baseDir, 'migrated'));
  const { result, files } = await migrateLoaded(loaded, { ...options, outDir });
  await mkdir(outDir, { recursive: true });
  const written: string[] = [];
  for (const f of files) {
    const target = join(outDir, f.path);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, f.content);
    written.push(target);
  }
  return { ...result, written };
}

/**
 * The migration of a loaded pipeline and every file it produces (pipeline YAML, report, SQL),
 * with paths relative to `options.outDir`, without writing anything.
 */
export async function migrateLoaded(
  loaded: LoadedPipeline,
  options: MigrateFileOptions & { readonly outDir: string },
): Promise<{ result: MigrationResult; files: OutputFile[] }> {
  if (options.from === options.to) {
    throw new GodwitError('E_MIGRATE', `--from and --to are both "${options.from}": there is nothing to migrate.`, {
      hint: 'Use --from aws --to gcp or --from gcp --to aws.',
    });
  }
  const [fromProfile, toProfile] = await Promise.all([
    resolveProfile(options.fromProfile ?? options.from, options.cwd, options.env),
    resolveProfile(options.toProfile ?? options.to, options.cwd, options.env),
  ]);
  const result = migrateIr(loaded.ir, {
    from: options.from,
    to: options.to,
    fromProfile,
    toProfile,
    bucketMap: options.bucketMap,
    redshiftRole: options.redshiftRole,
    baseDir: loaded.baseDir,
    outDir: resolve(options.cwd, options.outDir),
    file: loaded.file,
    readText: (p) => readText(resolve(loaded.baseDir, p)),
  });
  assertValidPipeline(result.ir, `The migrated pipeline "${result.ir.name}"`);
  const name = `${loaded.ir.name}.${options.to}`;
  const pipelineFile = `${name}.yaml`;
  const header = [
    `# Pipeline "${loaded.ir.name}" migrated from ${options.from.toUpperCase()} to ${options.to.toUpperCase()} by godwit migrate (source: ${result.report.source}).`,
    `# ${name}.md lists every change and what needs a human decision.`,
    '',
  ].join('\n');
  const files = [
    { path: pipelineFile, content: header + stringify(result.ir, { lineWidth: 0, aliasDuplicateObjects: false }) },
    { path: `${name}.md`, content: reportMarkdown(result.report, pipelineFile) },
    ...result.files,
  ];
  return { result, files };
}

function readText(file: string): string | undefined {
  try {
    if (!statSync(file).isFile() || statSync(file).size > MAX_TEXT) return undefined;
    const text = readFileSync(file, 'utf8');
    return text.includes('\0') ? undefined : text;
  } catch {
    return undefined;
  }
}
