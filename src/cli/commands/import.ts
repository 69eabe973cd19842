/**
 * `godwit import FILE --from SOURCE`: the document through its importer (one lazy line per
 * source below), the IR as YAML, the fetched files beside it, and the report.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { GodwitError } from '../../core/errors.js';
import { yamlModule } from '../../core/yaml-module.js';
import type { ImportNote, ImportOptions, ImportResult } from '../../import/pipeline-import.js';
import { NAME_MAX_LENGTH } from '../../pipeline/validate.js';
import type { StoreOptions } from '../../store/index.js';
import { configOf, EXIT, json, write } from '../cli-io.js';
import type { Handler } from '../spec/command-spec.js';
import type { importOptions } from '../spec/import-spec.js';

/** Reads the document's text and imports it. */
type Importer = (text: string, file: string, options: ImportOptions) => Promise<ImportResult>;

const IMPORTERS: Readonly<Record<string, () => Promise<Importer>>> = {
  sagemaker: async () => {
    const { importSageMakerDefinition } = await import('../../import/sagemaker/index.js');
    return (text, file, options) => importSageMakerDefinition(parseJson(text, file), options);
  },
};

export const importCommand: Handler<typeof importOptions> = {
  async run({ values, positionals: [file], io }) {
    const source = values.from as string;
    const path = resolve(io.cwd, file);
    const importer = await IMPORTERS[source]();
    const result = await importer(await readFile(path, 'utf8'), file, {
      name: values.name ?? pipelineName(path),
      store: storeOptions(io),
    });
    const yaml = `# Imported by godwit import --from ${source} from ${basename(path)}; the report lists what was approximated or dropped.\n${yamlModule().stringify(result.ir, { lineWidth: 0, aliasDuplicateObjects: false })}`;
    const written = values.output ? await writeOut(resolve(io.cwd, values.output), yaml, result.files) : [];
    if (values.json) {
      json(io, {
        pipeline: values.output ?? null,
        files: written.map((f) => relative(io.cwd, f) || f),
        notes: result.notes,
        ...(values.output ? {} : { ir: result.ir }),
      });
      return EXIT.ok;
    }
    if (!values.output) io.stdout.write(yaml);
    const where = values.output
      ? `Wrote ${values.output}${written.length > 1 ? ` and ${written.length - 1} fetched files beside it` : ''}`
      : 'Imported';
    write(io.stderr, `${where}: pipeline "${result.ir.name}", ${result.ir.steps.length} steps.\n${report(result.notes)}`);
    const unwritten = Object.keys(result.files).length;
    if (!values.output && unwritten > 0)
      write(io.stderr, `${unwritten} fetched files were not written: give -o to write them beside the pipeline.`);
    return EXIT.ok;
  },
};

function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new GodwitError('E_IMPORT', `${file} is not JSON: ${(err as Error).message}`, {
      hint: 'Give the file pipeline.definition() writes (or DescribePipeline’s PipelineDefinition).',
    });
  }
}

/** A pipeline name from the file's: `abalone.definition.json` → `abalone`, fitted to the IR's name rule. */
function pipelineName(path: string): string {
  const stem = basename(path)
    .replace(/(\.definition)?\.json$/i, '')
    .replace(/[^A-Za-z0-9_-]+/g, '-');
  const name = /^[A-Za-z]/.test(stem) ? stem : `p-${stem}`;
  return name.slice(0, NAME_MAX_LENGTH).replace(/-+$/, '') || 'imported';
}

/** Cloud URIs are fetched only from an S3 endpoint the user configured, never from whatever the default chain reaches. */
function storeOptions(io: Parameters<typeof configOf>[0]): StoreOptions | undefined {
  const config = configOf(io);
  if (!config.s3.endpoint) return undefined;
  return { s3: config.s3, gcs: config.gcs, env: io.env, home: config.home, baseDir: io.cwd };
}

async function writeOut(output: string, yaml: string, files: Readonly<Record<string, Uint8Array>>): Promise<string[]> {
  const dir = dirname(output);
  await mkdir(dir, { recursive: true });
  await writeFile(output, yaml);
  const written = [output];
  for (const [path, bytes] of Object.entries(files)) {
    const target = join(dir, path);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, bytes);
    written.push(target);
  }
  return written;
}

function report(notes: readonly ImportNote[]): string {
  const lines: string[] = [];
  for (const outcome of ['mapped', 'approximated', 'dropped'] as const) {
    const some = notes.filter((n) => n.outcome === outcome);
    if (some.length === 0) continue;
    lines.push(`${outcome} (${some.length}):`);
    for (const n of some) lines.push(`  ${n.step ? `${n.step}: ` : ''}${n.feature}: ${n.detail}`);
  }
  return lines.join('\n');
}
