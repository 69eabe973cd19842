import { readFile } from 'node:fs/promises';
import { GodwitError } from '../../core/errors.js';
import { effectiveStatus } from '../../runtime/executor.js';
import { openLocalServices } from '../../runtime/local-services.js';
import { type CliIo, type Command, EXIT, homeOf, json, parseCommandArgs, UsageError, write } from '../cli-io.js';
import { duration, paint, STATUS_COLOR, since, table } from '../format.js';
import { loadRunReport, renderRunReport } from '../run-report.js';

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
  const runs = await services.metadata.store.listRuns({ limit: values.limit ? Number(values.limit) : 50 });
  const rows = runs.map((r) => ({
    id: r.id,
    pipeline: r.pipeline,
    status: effectiveStatus(r),
    startedAt: r.startedAt.toISOString(),
    durationMs: since(r.startedAt, r.endedAt),
    error: r.error,
  }));
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
  const run = await services.metadata.store.getRun(runId);
  if (!run)
    throw new GodwitError('E_RUN_NOT_FOUND', `No run "${runId}" in ${services.home.root}.`, {
      hint: 'List runs with: godwit runs list',
    });
  if (!run.ir.steps.some((s) => s.name === step)) {
    throw new GodwitError('E_STEP_NOT_FOUND', `Run ${runId} has no step "${step}".`, {
      hint: `Its steps: ${run.ir.steps.map((s) => s.name).join(', ')}.`,
    });
  }
  const attempts = await services.metadata.store.listAttempts(runId, step);
  const chosen = attemptArg ? attempts.find((a) => a.attempt === Number(attemptArg)) : attempts.at(-1);
  if (!chosen) {
    const which = attemptArg ? `attempt ${attemptArg}` : 'any attempt';
    throw new GodwitError(
      'E_LOG_NOT_FOUND',
      `Step "${step}" of run ${runId} has no ${which}${attempts.length ? ` (attempts: ${attempts.map((a) => a.attempt).join(', ')})` : ''}.`,
      {
        hint: attempts.length ? undefined : 'It did not run (skipped, cached or not reached); see godwit runs show.',
      },
    );
  }
  if (!chosen.logPath) {
    write(io.stdout, `(step "${step}" attempt ${chosen.attempt} wrote no log output)`);
    return EXIT.ok;
  }
  io.stdout.write(await readFile(chosen.logPath, 'utf8').catch(() => `(log file ${chosen.logPath} is missing)\n`));
  return EXIT.ok;
}
