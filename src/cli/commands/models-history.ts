import type { ErrorCode } from '../../core/error-codes.js';
import { GodwitError } from '../../core/errors.js';
import { EXIT, json, write } from '../cli-io.js';
import { table } from '../format.js';
import { withMetadata } from '../open-home.js';
import type { Handler } from '../spec/command-spec.js';
import type { modelsHistoryOptions } from '../spec/models-specs.js';
import { parseVersion } from './models-approval.js';

/** `godwit models history GROUP [VERSION]`: the approval audit log, oldest change first. */
export const modelsHistory: Handler<typeof modelsHistoryOptions> = {
  run: ({ values, positionals: [group, versionText], io }) => {
    const version = versionText === undefined ? undefined : parseVersion(versionText);
    return withMetadata(io, async ({ registry }) => {
      const versions = await registry.listVersions(group);
      if (versions.length === 0 || (version !== undefined && !versions.some((v) => v.version === version))) {
        const [code, what]: [ErrorCode, string] =
          version === undefined
            ? ['E_MODEL_GROUP_NOT_FOUND', `There is no model package group "${group}".`]
            : ['E_MODEL_VERSION_NOT_FOUND', `Model package group "${group}" has no version ${version}.`];
        throw new GodwitError(code, what, {
          hint: versions.length
            ? `Its versions: ${versions.map((v) => v.version).join(', ')}.`
            : 'List groups with: godwit models list',
        });
      }
      if (values.verify) {
        // The whole group's chain, even for one version: the chain runs through every version's rows.
        const { rows } = await registry.verifyAudit(group);
        if (values.json) json(io, { group, verified: true, rows });
        else write(io.stdout, `The audit log of ${group} is intact: ${rows} rows, each hash matching.`);
        return EXIT.ok;
      }
      const events = await registry.auditLog(group, version);
      if (values.json) json(io, events);
      else {
        const rows = events.map((e) => [
          e.at.toISOString().replace('T', ' ').slice(0, 19),
          String(e.version),
          e.kind === 'vote' ? `approval vote (${e.to})` : e.kind === 'update' ? 'update' : `${e.from ?? '-'} → ${e.to}`,
          e.actor,
          e.note ?? '',
        ]);
        write(io.stdout, table(['WHEN', 'VERSION', 'CHANGE', 'BY', 'NOTE'], rows));
      }
      return EXIT.ok;
    });
  },
};
