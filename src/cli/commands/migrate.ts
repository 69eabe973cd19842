import { relative } from 'node:path';
import { migratePipelineFile, parseBucketPair } from '../../migrate/index.js';
import { CLOUDS, type Cloud } from '../../migrate/migration.js';
import { allDecisions } from '../../migrate/report-markdown.js';
import { type Command, EXIT, json, parseCommandArgs, UsageError, write } from '../cli-io.js';

const USAGE =
  'godwit migrate FILE --from aws|gcp --to gcp|aws [-o OUT_DIR] [--bucket-map SRC=DST]... [--from-profile NAME] [--to-profile NAME] [--json]';

export const migrateCommand: Command = {
  name: 'migrate',
  summary: "Rewrite a pipeline's cloud bindings from AWS to GCP or back, with a component-mapping report",
  usage: USAGE,
  help: `Writes into OUT_DIR (default: a "migrated" folder beside the pipeline):
  <name>.<cloud>.yaml   the migrated pipeline as YAML IR (runnable with godwit run, compilable)
  <name>.<cloud>.md     every step: what it was, what it became, what needs a human decision
  *.bigquery.sql        translated copies of the SQL files steps run (or *.redshift.sql back)

What it rewrites: s3:// ↔ gs:// prefixes (from --bucket-map pairs and the two profiles'
artifact roots), the container contract (SageMaker ↔ Vertex, process.contract), instance types ↔
machine types (the profiles' machineTypes, then a built-in table), framework images ↔ Vertex AI
prebuilt containers, Redshift SQL ↔ BigQuery SQL (COPY ↔ LOAD DATA, UNLOAD ↔ EXPORT DATA, CREATE
TABLE, functions and types). Names, references, conditions and algorithms stay as they are.

Options:
  --bucket-map SRC=DST   A bucket prefix pair, e.g. s3://acme-raw=gs://acme-raw-eu (repeatable).
  --from-profile NAME    Profile of the source cloud (default: aws or gcp, as --from).
  --to-profile NAME      Profile of the target cloud (default: as --to).
  --redshift-role ARN    IAM_ROLE for COPY / UNLOAD in SQL translated to Redshift (default: default).

Examples:
  godwit migrate examples/abalone/pipeline.ts --from aws --to gcp
  godwit migrate pipeline.ts --from aws --to gcp --bucket-map s3://acme-raw=gs://acme-raw -o gcp/
  godwit migrate gcp/pipeline.gcp.yaml --from gcp --to aws`,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, OPTIONS, USAGE);
    if (positionals.length !== 1) throw new UsageError('Name one pipeline file.', USAGE);
    const from = cloud(values.from, '--from');
    const to = cloud(values.to, '--to');
    const result = await migratePipelineFile(positionals[0], {
      from,
      to,
      cwd: io.cwd,
      outDir: values.output,
      fromProfile: values['from-profile'],
      toProfile: values['to-profile'],
      bucketMap: (values['bucket-map'] ?? []).map(parseBucketPair),
      redshiftRole: values['redshift-role'],
    });
    const decisions = allDecisions(result.report).length;
    const files = result.written.map((f) => relative(io.cwd, f) || f);
    if (values.json) {
      json(io, { files, report: result.report });
      return EXIT.ok;
    }
    write(io.stdout, `Migrated pipeline "${result.ir.name}" from ${from} to ${to}:\n${files.map((f) => `  ${f}`).join('\n')}`);
    write(io.stdout, `${decisions} decision${decisions === 1 ? '' : 's'} left for a person: see ${files[1]}.`);
    return EXIT.ok;
  },
};

function cloud(value: string | undefined, flag: string): Cloud {
  if (value === undefined) throw new UsageError(`Give ${flag} aws or gcp.`, USAGE);
  if (!CLOUDS.includes(value as Cloud))
    throw new UsageError(`${flag} "${value}" is not a cloud Godwit migrates between (aws, gcp).`, USAGE);
  return value as Cloud;
}

const OPTIONS = {
  from: { type: 'string' },
  to: { type: 'string' },
  output: { type: 'string', short: 'o' },
  'bucket-map': { type: 'string', multiple: true },
  'from-profile': { type: 'string' },
  'to-profile': { type: 'string' },
  'redshift-role': { type: 'string' },
  json: { type: 'boolean' },
} as const;
