/** `godwit import`: another system's pipeline document → a Godwit pipeline file. */
import { defineVerb } from './command-spec.js';

/** Kept equal to the keys of the importer table in src/cli/commands/import.ts (a test checks). */
export const IMPORT_SOURCES = ['kfp'] as const;

export const importOptions = {
  from: { type: 'string', required: true, choices: IMPORT_SOURCES, summary: 'What FILE is (see Sources).' },
  output: {
    type: 'string',
    short: 'o',
    value: 'OUT',
    summary: 'Write the pipeline here (.yaml, .yml or .json) instead of stdout; fetched files go beside it.',
  },
  name: { type: 'string', value: 'NAME', summary: "The pipeline's name when the document has none." },
  json: { type: 'boolean', summary: 'Print { ir, notes } as JSON instead of the pipeline and the report.' },
} as const;

export const importSpec = defineVerb({
  name: 'import',
  summary: 'Import a KFP PipelineSpec as a Godwit pipeline, with a report of what maps',
  args: [{ name: 'FILE' }],
  options: importOptions,
  description: `Sources:
  kfp   A compiled KFP v2 PipelineSpec (YAML or JSON). Container components with plain
        commands become processing steps that run their command on this machine; lightweight
        Python components (which need the KFP SDK at run time) are refused with how to
        rewrite them. See docs/import-kfp.md.

The pipeline is validated before it is written. The report (on stderr) says, for each task and
feature, whether it was mapped, approximated or dropped; what cannot be imported is an error
naming the task and the way out.`,
  examples: [
    'godwit import pipeline.yaml --from kfp -o pipeline.godwit.yaml',
    'godwit run pipeline.godwit.yaml --param repeat=5',
  ],
  load: async () => (await import('../commands/import.js')).importCommand,
});
