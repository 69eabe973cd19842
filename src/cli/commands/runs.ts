import { loadRunReport } from '../../runs/run-report.js';
import { listRunSummaries } from '../../runs/run-summaries.js';
import { readStepLog } from '../../runs/step-log.js';
import { openLocalServices } from '../../runtime/local-services.js';
import { type CliIo, type Command, EXIT, homeOf, json, parseCommandArgs, UsageError, write } from '../cli-io.js';
import { duration, paint, STATUS_COLOR, table } from '../format.js';
import { renderRunReport } from '../run-report.js';

const USAGE = 'godwit runs list [--json] | godwit runs show RUN_ID [--json] | godwit runs logs RUN_ID STEP [--attempt N]';

export const runsCommand: Command = {
  name: 'runs',
  summary: 'List runs, show one (steps, attempts, cache hits, artifacts, metrics, logs), print a step log',
  usage: USAGE,
  help: `Subcommands:
  list                    Newest runs first: id, pipeline, status, start, duration.
  show RUN_ID             Steps with status, duration, attempts and cache hits; metrics; registered
                          models; every artifact (URI, sha256, size); log paths.
  logs RUN_ID STEP        The step's log (its last attempt, or --attempt N).

Options: --json (list, show), --limit N (list), --attempt N (logs).

Examples:
  godwit runs list
  godwit runs show run-20261122-134501-3f9a2c --json
  godwit runs logs run-20261122-134501-3f9a2c train`,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, OPTIONS, USAGE);
    const [sub, ...rest] = positionals;
    const services = await openLocalServices(homeOf(io));
    try {
      if (sub === 'list') return await list(services, io, values);
      if (sub === 'show') {
        if (rest.length !== 1) throw new UsageError('Name one run id.', USAGE);
        const report = await loadRunReport(services, rest[0]);
        if (values.json) json(io, report);
        else write(io.stdout, renderRunReport(report, { detail: true, color: io.stdout.isTTY === true }));
        return EXIT.ok;
      }
      if (sub === 'logs') {
        if (rest.length !== 2) throw new UsageError('Name a run id and a step.', USAGE);
        return await logs(services, io, rest[0], rest[1], values.attempt);
      }
      throw new UsageError(sub ? `Unknown subcommand "${sub}".` : 'Name a subcommand: list, show or logs.', USAGE);
    } finally {
      await services.close();
    }
  },
};

const OPTIONS = { json: { type: 'boolean' }, limit: { type: 'string' }, attempt: { type: 'string' } } as const;

type Services = Awaited<ReturnType<typeof openLocalServices>>;

async function list(services: Services, io: CliIo, values: { json?: boolean; limit?: string }): Promise<number> {
  const rows = await listRunSummaries(services.metadata.store, { limit: values.limit ? Number(values.limit) : undefined });
  if (values.json) {
    json(io, rows);
    return EXIT.ok;
  }
  if (rows.length === 0) {
    write(io.stdout, `No runs yet in ${services.home.root}. Start one with: godwit demo`);
    return EXIT.ok;
  }
  const c = paint(io.stdout.isTTY === true);
  write(
    io.stdout,
    table(
      ['RUN', 'PIPELINE', 'STATUS', 'STARTED', 'DURATION'],
      rows.map((r) => [
        r.id,
        r.pipeline,
        c(STATUS_COLOR[r.status] ?? 'gray', r.status),
        r.startedAt.replace('T', ' ').slice(0, 19),
        duration(r.durationMs),
      ]),
    ),
  );
  return EXIT.ok;
}

async function logs(services: Services, io: CliIo, runId: string, step: string, attemptArg?: string): Promise<number> {
  const log = await readStepLog(
    services.metadata.store,
    services.home.root,
    runId,
    step,
    attemptArg ? Number(attemptArg) : undefined,
  );
  if (!log.logPath) write(io.stdout, `(step "${step}" attempt ${log.attempt} wrote no log output)`);
  else io.stdout.write(log.text ?? `(log file ${log.logPath} is missing)\n`);
  return EXIT.ok;
}
