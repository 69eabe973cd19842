import type { PutEventsEntry } from '../../events/bus/eventbridge-service.js';
import { EXIT, json, UsageError, write } from '../cli-io.js';
import type { Handler, Values } from '../spec/command-spec.js';
import type { eventsPutOptions } from '../spec/events-specs.js';
import { jsonText, timeFlag } from './events-flags.js';
import { withEventBridge } from './events-service.js';

type PutValues = Values<typeof eventsPutOptions>;

/** `godwit events put`: PutEvents from flags or a file; the server's router delivers them. */
export const eventsPut: Handler<typeof eventsPutOptions> = {
  run: async ({ values, io }) => {
    const entries = values.file ? fromFile(values.file, io.cwd, values.bus) : [fromFlags(values, io.cwd)];
    return withEventBridge(io, async (events) => {
      const result = await events.putEvents(entries);
      if (values.json) json(io, result);
      else {
        for (const [i, r] of result.entries.entries()) {
          write(
            io.stdout,
            'eventId' in r ? `Put event ${r.eventId}` : `Entry ${i + 1} failed: ${r.errorCode}: ${r.errorMessage}`,
          );
        }
      }
      return result.failedEntryCount > 0 ? EXIT.failed : EXIT.ok;
    });
  },
};

function fromFlags(values: PutValues, cwd: string): PutEventsEntry {
  if (!values['detail-type']) throw new UsageError('godwit events put needs --detail-type (or --file).');
  return {
    source: values.source ?? 'godwit.cli',
    detailType: values['detail-type'],
    detail: values.detail === undefined ? '{}' : jsonText(values.detail, 'detail', cwd),
    resources: values.resource,
    time: values.time === undefined ? undefined : timeFlag(values.time, 'time'),
    eventBusName: values.bus,
  };
}

/** A file of PutEvents entries in EventBridge's shape; `--bus` fills in entries without one. */
function fromFile(file: string, cwd: string, bus: string | undefined): PutEventsEntry[] {
  const doc = JSON.parse(jsonText(`@${file}`, 'file', cwd)) as unknown;
  const list = Array.isArray(doc) ? doc : [doc];
  return list.map((e, i) => {
    if (typeof e !== 'object' || e === null) throw new UsageError(`Entry ${i + 1} of ${file} is not an object.`);
    const entry = e as Record<string, unknown>;
    const detail = entry.Detail;
    return {
      source: entry.Source as string | undefined,
      detailType: entry.DetailType as string | undefined,
      detail: typeof detail === 'string' || detail === undefined ? detail : JSON.stringify(detail),
      resources: entry.Resources as string[] | undefined,
      time: entry.Time === undefined ? undefined : timeFlag(String(entry.Time), 'file Time'),
      eventBusName: (entry.EventBusName as string | undefined) ?? bus,
    };
  });
}
