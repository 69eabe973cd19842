import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, extname, join } from 'node:path';
import { GodwitError } from '../../core/errors.js';
import type { ImportNote, ImportOptions, ImportResult, ImportSource } from '../../import/pipeline-import.js';
import { EXIT, json, write } from '../cli-io.js';
import type { Handler } from '../spec/command-spec.js';
import type { importOptions } from '../spec/import-specs.js';

type Importer = (document: unknown, options?: ImportOptions) => Promise<ImportResult>;

/** One lazy line per source, so importing a KFP spec never loads another importer. */
export const IMPORTERS = {
  kfp: async () => (await import('../../import/kfp/index.js')).importKfpPipelineSpec,
} satisfies Partial<Record<ImportSource, () => Promise<Importer>>>;

export const importCommand: Handler<typeof importOptions> = {
  async run({ values, positionals, io }) {
    const file = positionals[0];
    const source = values.from as keyof typeof IMPORTERS;
    const document = await readDocument(file);
    const result = await (await IMPORTERS[source]())(document, values.name ? { name: values.name } : {});
    if (values.json) {
      json(io, { ir: result.ir, notes: result.notes });
      return EXIT.ok;
    }
    const text = await pipelineText(result, values.output);
    if (values.output) {
      await writeFile(values.output, text);
      for (const [path, bytes] of Object.entries(result.files)) {
        const target = join(dirname(values.output), path);
        await mkdir(dirname(target), { recursive: true });
        await writeFile(target, bytes);
      }
      write(io.stderr, `Wrote ${values.output} (${result.ir.steps.length} steps).`);
    } else io.stdout.write(text);
    if (result.notes.length > 0) write(io.stderr, `\nImport report for ${file}:\n${result.notes.map(formatNote).join('\n')}`);
    return EXIT.ok;
  },
};

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
