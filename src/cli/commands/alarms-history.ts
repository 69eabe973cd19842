import type { AlarmHistoryItem } from '../../alarms/alarm-records.js';
import { EXIT, json, write } from '../cli-io.js';
import { table } from '../format.js';
import { withMetadata } from '../open-home.js';
import type { alarmsHistoryOptions } from '../spec/alarms-specs.js';
import type { Handler } from '../spec/command-spec.js';

const when = (d: Date) => d.toISOString().slice(0, 19).replace('T', ' ');

/** `godwit alarm history [NAME]`: state changes, configuration changes and actions, newest first. */
export const alarmsHistory: Handler<typeof alarmsHistoryOptions> = {
  run: ({ values, positionals: [name], io }) =>
    withMetadata(io, async ({ alarms }) => {
      const items = await alarms.history(name, { type: values.type as AlarmHistoryItem['type'] | undefined });
      if (values.json)
        json(
          io,
          items.map((h) => ({ ...h, data: JSON.parse(h.data) })),
        );
      else if (items.length === 0) write(io.stdout, name ? `No history for alarm "${name}".` : 'No alarm history.');
      else {
        const rows = items.map((h) => [when(h.timestamp), h.alarmName, h.type, h.summary]);
        write(io.stdout, table(['TIME', 'ALARM', 'TYPE', 'SUMMARY'], rows));
        const reasons = items.filter((h) => h.type === 'StateUpdate').slice(0, 1);
        for (const h of reasons) write(io.stdout, `\nLatest reason: ${JSON.parse(h.data).newState?.stateReason ?? '-'}`);
      }
      return EXIT.ok;
    }),
};
