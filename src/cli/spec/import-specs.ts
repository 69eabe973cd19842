/** `godwit import`: another system's pipeline document → a Godwit pipeline file. */
import { defineVerb } from './command-spec.js';

/** Kept equal to the keys of the importer table in src/cli/commands/import.ts (a test checks). */
export const IMPORT_SOURCES = ['kfp', 'sagemaker'] as const;

export const importOptions = {
  from: { type: 'string', required: true, choices: IMPORT_SOURCES, summary: 'What FILE is (see Sources).' },
  output: {
    type: 'string',
    short: 'o',
    value: 'OUT',
    summary: 'Write the pipeline here (.yaml, .yml or .json) instead of stdout; fetched files go beside it.',
  },
  name: { type: 'string', value: 'NAME', summary: "The pipeline's name when the document has none (default: FILE's name)." },
  json: { type: 'boolean', summary: 'Print { ir, notes } as JSON instead of the pipeline and the report.' },
} as const;

export const importSpec = defineVerb({
  name: 'import',
  summary: 'Import a SageMaker pipeline definition or a KFP PipelineSpec as a Godwit pipeline, with a report of what maps',
  args: [{ name: 'FILE' }],
  options: importOptions,
  description: `Sources:
  kfp   A compiled KFP v2 PipelineSpec (YAML or JSON). Container components with plain
        commands become processing steps that run their command on this machine; lightweight
        Python components (which need the KFP SDK at run time) are refused with how to
        rewrite them. See docs/import-kfp.md.
  sagemaker  The JSON pipeline.definition() writes (Version 2020-12-01): Processing, Training,
        Tuning, Transform, Model, RegisterModel, Condition, Fail, Lambda and Callback steps.
        Code in s3:// (a processing script, a training's sourcedir.tar.gz) is fetched when an
        S3 endpoint is configured (AWS_ENDPOINT_URL_S3 or s3.endpoint); file:// and local paths
        always are. See docs/import.md.

The pipeline is validated before it is written. The report (on stderr) says, for each task and
feature, whether it was mapped, approximated or dropped; what cannot be imported is an error
naming the task and the way out.`,
  examples: [
    'godwit import pipeline.yaml --from kfp -o pipeline.godwit.yaml',
    'godwit run pipeline.godwit.yaml --param repeat=5',
    'godwit import pipeline.definition.json --from sagemaker -o imported/pipeline.yaml',
  ],
  load: async () => (await import('../commands/import.js')).importCommand,
});
