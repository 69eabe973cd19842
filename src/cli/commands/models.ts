import { parseArgs } from 'node:util';
import { godwitHome } from '../../core/home.js';
import type { ApprovalStatus } from '../../pipeline/ir.js';
import { openLocalServices } from '../../runtime/local-services.js';
import { type Command, EXIT, json, UsageError, write } from '../cli-io.js';
import { table } from '../format.js';

const USAGE = 'godwit models list [GROUP] [--json] | godwit models approve|reject GROUP VERSION [--note TEXT]';

export const modelsCommand: Command = {
  name: 'models',
  summary: 'List registered model package groups and versions; approve or reject a version',
  usage: USAGE,
  help: `Subcommands:
  list                  Model package groups with their version count and latest version.
  list GROUP            Every version of GROUP: approval status, model URI, run that made it.
  approve GROUP VERSION Set the version's status to Approved (recorded in the audit log).
  reject GROUP VERSION  Set it to Rejected.

Examples:
  godwit models list AbaloneModelPackageGroup
  godwit models approve AbaloneModelPackageGroup 1 --note "MSE checked by hand"`,
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { json: { type: 'boolean' }, note: { type: 'string' } },
    });
    const [sub, group, version] = positionals;
    const services = await openLocalServices(godwitHome(io.env.GODWIT_HOME || `${io.cwd}/.godwit`));
    const { registry } = services.metadata;
    try {
      if (sub === 'list' && !group) {
        const groups = await registry.listGroups();
        if (values.json) json(io, groups);
        else if (groups.length === 0) write(io.stdout, 'No registered models yet. Run: godwit demo');
        else
          write(
            io.stdout,
            table(
              ['GROUP', 'VERSIONS', 'LATEST', 'STATUS'],
              groups.map((g) => [g.name, String(g.versions), String(g.latest?.version ?? '-'), g.latest?.approvalStatus ?? '-']),
            ),
          );
        return EXIT.ok;
      }
      if (sub === 'list') {
        const versions = await registry.listVersions(group);
        if (values.json) json(io, versions);
        else if (versions.length === 0) write(io.stdout, `No versions in model package group "${group}".`);
        else
          write(
            io.stdout,
            table(
              ['VERSION', 'STATUS', 'CREATED', 'RUN', 'MODEL'],
              versions.map((v) => [
                String(v.version),
                v.approvalStatus,
                v.createdAt.toISOString().slice(0, 19),
                v.runId ?? '-',
                v.modelUri,
              ]),
            ),
          );
        return EXIT.ok;
      }
      if (sub === 'approve' || sub === 'reject') {
        const n = Number(version);
        if (!group || !Number.isInteger(n)) throw new UsageError('Name a group and a version number.', USAGE);
        const status: ApprovalStatus = sub === 'approve' ? 'Approved' : 'Rejected';
        const updated = await registry.setApprovalStatus(group, n, status, io.env.USER ?? 'cli', values.note);
        if (values.json) json(io, updated);
        else write(io.stdout, `${group} version ${n} is now ${updated.approvalStatus}.`);
        return EXIT.ok;
      }
      throw new UsageError(sub ? `Unknown subcommand "${sub}".` : 'Name a subcommand: list, approve or reject.', USAGE);
    } finally {
      await services.close();
    }
  },
};
