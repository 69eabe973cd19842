import { scheduleNotFound } from '../../monitor/schedules/schedule-errors.js';
import { EXIT, json, write } from '../cli-io.js';
import { table } from '../format.js';
import { withMetadata } from '../open-home.js';
import type { Handler } from '../spec/command-spec.js';
import type { monitorExecutionsOptions } from '../spec/monitor-schedule-specs.js';

const when = (d: Date) => d.toISOString().slice(0, 16).replace('T', ' ');

/** `godwit monitor executions SCHEDULE`: what ListMonitoringExecutions answers, read from the record. */
export const monitorExecutionsCommand: Handler<typeof monitorExecutionsOptions> = {
  run: ({ values, positionals: [schedule], io }) =>
    withMetadata(io, async ({ monitoring }) => {
      const all = (await monitoring.listExecutions({ scheduleName: schedule })).filter(
        (e) => values.status === undefined || e.status === values.status,
      );
      if (all.length === 0 && !(await monitoring.getSchedule(schedule))) throw scheduleNotFound(schedule);
      if (values.json) json(io, all);
      else if (all.length === 0) write(io.stdout, `No executions of ${schedule} yet: the home's server runs it (godwit server).`);
      else {
        const rows = all.map((e) => [
          when(e.scheduledTime),
          e.status,
          `${when(e.windowStart)} → ${when(e.windowEnd)}`,
          String(e.violationCount ?? 0),
          e.failureReason ?? (e.files.join(' ') || e.outputUri),
        ]);
        write(io.stdout, table(['SCHEDULED', 'STATUS', 'WINDOW', 'VIOLATIONS', 'FILES / REASON'], rows));
      }
      return EXIT.ok;
    }),
};
