/** `godwit import`: another system's pipeline document as a Godwit pipeline file. */
import { defineVerb } from './command-spec.js';

/** The documents `--from` reads; each has a line in the importer table of commands/import.ts. */
export const IMPORT_SOURCES = ['sagemaker'] as const;

export const importOptions = {
  from: { type: 'string', required: true, choices: IMPORT_SOURCES, summary: 'What FILE is.' },
  output: {
    type: 'string',
    short: 'o',
    value: 'PIPELINE.yaml',
    summary: 'Where to write the pipeline; fetched code goes beside it (default: the YAML on stdout).',
  },
  name: { type: 'string', value: 'NAME', summary: "The pipeline's name (default: from FILE's name)." },
  json: { type: 'boolean', summary: 'Print the report (and the IR when there is no -o) as JSON.' },
} as const;

export const importSpec = defineVerb({
  name: 'import',
  summary: 'Turn a SageMaker pipeline definition into a Godwit pipeline, with a report of what mapped',
  args: [{ name: 'FILE' }],
  options: importOptions,
  description: `Reads FILE and writes the pipeline as YAML IR (runnable with godwit run, compilable with
godwit compile), then a report: every step and feature of the source, and whether it was mapped,
approximated or dropped. What cannot be imported is an error (E_IMPORT) naming the step and field.
  sagemaker   The JSON pipeline.definition() writes (Version 2020-12-01): Processing, Training,
              Tuning, Transform, Model, RegisterModel, Condition, Fail, Lambda and Callback steps.
              Code in s3:// (a processing script, a training's sourcedir.tar.gz) is fetched when
              an S3 endpoint is configured (AWS_ENDPOINT_URL_S3 or s3.endpoint); file:// and local
              paths always are. See docs/import.md.`,
  examples: [
    'godwit import pipeline.definition.json --from sagemaker -o imported/pipeline.yaml',
    'godwit import pipeline.definition.json --from sagemaker --json',
  ],
  load: async () => (await import('../commands/import.js')).importCommand,
});
