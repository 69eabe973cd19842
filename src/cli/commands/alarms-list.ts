import type { AlarmState } from '../../alarms/alarm-records.js';
import { EXIT, json, write } from '../cli-io.js';
import { table } from '../format.js';
import { withMetadata } from '../open-home.js';
import type { alarmsListOptions } from '../spec/alarms-specs.js';
import type { Handler } from '../spec/command-spec.js';

const SIGN = {
  GreaterThanThreshold: '>',
  GreaterThanOrEqualToThreshold: '>=',
  LessThanThreshold: '<',
  LessThanOrEqualToThreshold: '<=',
};
const when = (d: Date) => d.toISOString().slice(0, 19).replace('T', ' ');

/** `godwit alarm list`: every alarm (or those matching) from the record; no server needed. */
export const alarmsList: Handler<typeof alarmsListOptions> = {
  run: ({ values, io }) =>
    withMetadata(io, async ({ alarms }) => {
      const all = await alarms.list({ prefix: values.prefix, state: values.state as AlarmState | undefined });
      if (values.json) json(io, all);
      else if (all.length === 0)
        write(io.stdout, 'No alarms. Create one with: godwit alarm create NAME --metric … --threshold …');
      else {
        const rows = all.map((a) => [
          a.name,
          a.state,
          [a.namespace, a.metricName, ...Object.values(a.dimensions)].join(' '),
          `${a.statistic} ${SIGN[a.comparisonOperator]} ${a.threshold}, ${a.datapointsToAlarm}/${a.evaluationPeriods} × ${a.period}s`,
          when(a.stateUpdatedAt),
        ]);
        write(io.stdout, table(['ALARM', 'STATE', 'METRIC', 'CONDITION', 'SINCE'], rows));
      }
      return EXIT.ok;
    }),
};
