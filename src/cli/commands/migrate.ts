import { relative } from 'node:path';
import { migratePipelineFile, parseBucketPair } from '../../migrate/index.js';
import { CLOUDS, type Cloud } from '../../migrate/migration.js';
import { allDecisions } from '../../migrate/report-markdown.js';
import { EXIT, json, UsageError, write } from '../cli-io.js';
import type { migrateOptions } from '../spec/cloud-specs.js';
import type { Handler } from '../spec/command-spec.js';

export const migrate: Handler<typeof migrateOptions> = {
  async run({ values, positionals, io }) {
    const from = cloud(values.from, '--from');
    const to = cloud(values.to, '--to');
    const result = await migratePipelineFile(positionals[0], {
      from,
      to,
      cwd: io.cwd,
      env: io.env,
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
  if (value === undefined) throw new UsageError(`Give ${flag} aws or gcp.`);
  if (!CLOUDS.includes(value as Cloud))
    throw new UsageError(`${flag} "${value}" is not a cloud Godwit migrates between (aws, gcp).`);
  return value as Cloud;
}
