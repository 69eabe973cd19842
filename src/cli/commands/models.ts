import type { ApprovalStatus } from '../../pipeline/ir.js';
import { registerFromUri } from '../../registry/register-from-uri.js';
import { openLocalServices } from '../../runtime/local-services.js';
import { type Command, EXIT, homeOf, json, parseCommandArgs, UsageError, write } from '../cli-io.js';
import { table } from '../format.js';

const USAGE =
  'godwit models list [GROUP] [--json] | godwit models approve|reject GROUP VERSION [--note TEXT] | godwit models register GROUP --model URI [options]';

export const modelsCommand: Command = {
  name: 'models',
  summary: 'List registered model package groups and versions; approve or reject a version',
  usage: USAGE,
  help: `Subcommands:
  list                  Model package groups with their version count and latest version.
  list GROUP            Every version of GROUP: approval status, model URI, run that made it.
  approve GROUP VERSION Set the version's status to Approved (recorded in the audit log).
  reject GROUP VERSION  Set it to Rejected.
  register GROUP --model URI [--approval-status S] [--metrics URI] [--image IMAGE]
           [--content-type T]... [--response-type T]... [--inference-instance I]...
           [--transform-instance I]... [--description TEXT]
                        Register a model as the next version of GROUP (what a compiled pipeline's
                        register step runs in Godwit's image). A file:// or local metrics report is
                        read and stored with the version; other URIs are recorded as given.

Examples:
  godwit models list AbaloneModelPackageGroup
  godwit models approve AbaloneModelPackageGroup 1 --note "MSE checked by hand"
  godwit models register AbaloneModelPackageGroup --model file:///tmp/model/ --approval-status Approved`,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, OPTIONS, USAGE);
    const [sub, group, version] = positionals;
    const services = await openLocalServices(homeOf(io));
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
      if (sub === 'register') {
        if (!group || !values.model) throw new UsageError('Name a group and --model URI.', USAGE);
        const version = await registerFromUri(registry, {
          group,
          modelUri: values.model,
          approvalStatus: values['approval-status'] as ApprovalStatus | undefined,
          metricsUri: values.metrics,
          description: values.description,
          actor: io.env.USER ?? 'cli',
          inference: {
            image: values.image,
            contentTypes: values['content-type'],
            responseTypes: values['response-type'],
            inferenceInstances: values['inference-instance'],
            transformInstances: values['transform-instance'],
          },
        });
        if (values.json) json(io, version);
        else write(io.stdout, `Registered ${version.group} version ${version.version} (${version.approvalStatus}).`);
        return EXIT.ok;
      }
      throw new UsageError(sub ? `Unknown subcommand "${sub}".` : 'Name a subcommand: list, approve, reject or register.', USAGE);
    } finally {
      await services.close();
    }
  },
};

const OPTIONS = {
  json: { type: 'boolean' },
  note: { type: 'string' },
  model: { type: 'string' },
  'approval-status': { type: 'string' },
  metrics: { type: 'string' },
  image: { type: 'string' },
  description: { type: 'string' },
  'content-type': { type: 'string', multiple: true },
  'response-type': { type: 'string', multiple: true },
  'inference-instance': { type: 'string', multiple: true },
  'transform-instance': { type: 'string', multiple: true },
} as const;
