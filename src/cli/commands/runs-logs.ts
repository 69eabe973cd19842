import { readStepLog } from '../../runs/step-log.js';
import { EXIT, UsageError, write } from '../cli-io.js';
import { withMetadata } from '../open-home.js';
import type { Handler } from '../spec/command-spec.js';
import type { runsLogsOptions } from '../spec/runs-specs.js';

export const runsLogs: Handler<typeof runsLogsOptions> = {
  async run({ values, positionals: [runId, step], io }) {
    const attempt = values.attempt === undefined ? undefined : Number(values.attempt);
    if (attempt !== undefined && !Number.isInteger(attempt))
      throw new UsageError(`--attempt must be an attempt number, not "${values.attempt}".`);
    const log = await withMetadata(io, (m, home) => readStepLog(m.store, home, runId, step, attempt));
    if (!log.logPath) write(io.stdout, `(step "${step}" attempt ${log.attempt} wrote no log output)`);
    else io.stdout.write(log.text ?? `(log file ${log.logPath} is missing)\n`);
    return EXIT.ok;
  },
};
