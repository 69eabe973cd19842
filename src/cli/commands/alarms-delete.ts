import { EXIT, json, write } from '../cli-io.js';
import { withMetadata } from '../open-home.js';
import type { alarmsDeleteOptions } from '../spec/alarms-specs.js';
import type { Handler } from '../spec/command-spec.js';

/** `godwit alarm delete NAME…`: DeleteAlarms; names that are not alarms are reported, not an error. */
export const alarmsDelete: Handler<typeof alarmsDeleteOptions> = {
  run: ({ values, positionals, io }) =>
    withMetadata(io, async ({ alarms }) => {
      const existing = new Set((await alarms.list({ names: positionals })).map((a) => a.name));
      await alarms.delete(positionals);
      const deleted = positionals.filter((n) => existing.has(n));
      const unknown = positionals.filter((n) => !existing.has(n));
      if (values.json) json(io, { deleted, unknown });
      else {
        if (deleted.length > 0)
          write(io.stdout, `Deleted ${deleted.map((n) => `"${n}"`).join(', ')}; the history stays two weeks.`);
        if (unknown.length > 0) write(io.stdout, `No alarm named ${unknown.map((n) => `"${n}"`).join(', ')}.`);
      }
      return EXIT.ok;
    }),
};
