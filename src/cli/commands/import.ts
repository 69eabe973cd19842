import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { GodwitError } from '../../core/errors.js';
import type { ImportNote, ImportOptions, ImportResult, ImportSource } from '../../import/pipeline-import.js';
import { NAME_MAX_LENGTH } from '../../pipeline/validate.js';
import type { StoreOptions } from '../../store/index.js';
import { type CliIo, configOf, EXIT, json, write } from '../cli-io.js';
import type { Handler } from '../spec/command-spec.js';
import type { importOptions } from '../spec/import-specs.js';

type Importer = (document: unknown, options?: ImportOptions) => Promise<ImportResult>;

/** One lazy line per source, so importing a KFP spec never loads another importer. */
export const IMPORTERS = {
  kfp: async () => (await import('../../import/kfp/index.js')).importKfpPipelineSpec,
  sagemaker: async () => (await import('../../import/sagemaker/index.js')).importSageMakerDefinition,
} satisfies Partial<Record<ImportSource, () => Promise<Importer>>>;

export const importCommand: Handler<typeof importOptions> = {
  async run({ values, positionals, io }) {
    const file = positionals[0];
    const source = values.from as keyof typeof IMPORTERS;
    const document = await readDocument(resolve(io.cwd, file));
    const result = await (await IMPORTERS[source]())(document, {
      name: values.name ?? nameFromFile(file),
      store: storeOptions(io),
    });
    if (values.json) {
      json(io, { ir: result.ir, notes: result.notes });
      return EXIT.ok;
    }
    const text = await pipelineText(result, values.output);
    if (values.output) {
      const output = resolve(io.cwd, values.output);
      await mkdir(dirname(output), { recursive: true });
      await writeFile(output, text);
      for (const [path, bytes] of Object.entries(result.files)) {
        const target = join(dirname(output), path);
        await mkdir(dirname(target), { recursive: true });
        await writeFile(target, bytes);
      }
      const fetched = Object.keys(result.files).length;
      write(
        io.stderr,
        `Wrote ${values.output} (${result.ir.steps.length} steps${fetched > 0 ? `, ${fetched} fetched files beside it` : ''}).`,
      );
    } else {
      io.stdout.write(text);
      const unwritten = Object.keys(result.files).length;
      if (unwritten > 0)
        write(io.stderr, `${unwritten} fetched files were not written: give -o to write them beside the pipeline.`);
    }
    if (result.notes.length > 0) write(io.stderr, `\nImport report for ${file}:\n${result.notes.map(formatNote).join('\n')}`);
    return EXIT.ok;
  },
};

/**
 * The name a document without one gets: `abalone.definition.json` → `abalone`, fitted to the IR's
 * name rule (a SageMaker definition names no pipeline; a KFP spec's own name wins).
 */
function nameFromFile(file: string): string {
  const stem = basename(file)
    .replace(/(\.definition)?\.(json|ya?ml)$/i, '')
    .replace(/[^A-Za-z0-9_-]+/g, '-');
  const name = /^[A-Za-z]/.test(stem) ? stem : `p-${stem}`;
  return name.slice(0, NAME_MAX_LENGTH).replace(/-+$/, '') || 'imported';
}

/** Code in s3:// is fetched only from an S3 endpoint the user configured, never from whatever AWS's default chain reaches. */
function storeOptions(io: CliIo): StoreOptions | undefined {
  const config = configOf(io);
  if (!config.s3.endpoint) return undefined;
  return { s3: config.s3, gcs: config.gcs, env: io.env, home: config.home, baseDir: io.cwd };
}

async function readDocument(file: string): Promise<unknown> {
  const text = await readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
    throw new GodwitError(
      'E_PIPELINE_NOT_FOUND',
      `Cannot read ${file}: ${err.code === 'ENOENT' ? 'no such file' : err.message}.`,
    );
  });
  const { parse } = await import('yaml');
  try {
    return parse(text); // YAML is a superset of JSON, so one parser reads both.
  } catch (err) {
    throw new GodwitError('E_PIPELINE_SYNTAX', `${file} is neither YAML nor JSON: ${(err as Error).message.split('\n')[0]}`);
  }
}

async function pipelineText(result: ImportResult, output: string | undefined): Promise<string> {
  if (output && extname(output) === '.json') return `${JSON.stringify(result.ir, null, 2)}\n`;
  const { stringify } = await import('yaml');
  return stringify(result.ir);
}

export function formatNote(n: ImportNote): string {
  return `  ${n.outcome.padEnd(12)} ${n.step ? `${n.step}: ` : ''}${n.feature} — ${n.detail}`;
}
