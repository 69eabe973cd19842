import { currentActor } from '../../core/actor.js';
import { systemClock } from '../../core/clock.js';
import { collectGarbage, type GcReport } from '../../gc/collect-garbage.js';
import { artifactLocationOf } from '../artifact-location.js';
import { EXIT, homeOf, json, UsageError, write } from '../cli-io.js';
import { bytes } from '../format.js';
import { withMetadata } from '../open-home.js';
import type { Handler } from '../spec/command-spec.js';
import type { gcOptions } from '../spec/gc-specs.js';

export const gc: Handler<typeof gcOptions> = {
  async run({ values, io }) {
    const olderThanMs = values['older-than'] === undefined ? undefined : parseAge(values['older-than']);
    const artifacts = await artifactLocationOf(io);
    const report = await withMetadata(io, (metadata) =>
      collectGarbage(
        { home: homeOf(io), metadata, artifacts, clock: systemClock, actor: currentActor(io.env) },
        { yes: values.yes, olderThanMs },
      ),
    );
    if (values.json) json(io, report);
    else write(io.stdout, render(report));
    return EXIT.ok;
  },
};

const UNITS: Record<string, number> = { s: 1e3, m: 60e3, h: 3600e3, d: 86400e3 };

/** `90s`, `30m`, `12h`, `7d` in milliseconds. */
export function parseAge(text: string): number {
  const m = /^(\d+(?:\.\d+)?)([smhd])$/.exec(text.trim());
  if (!m) throw new UsageError(`--older-than "${text}" is not an age. Give a number and a unit: 90s, 30m, 12h or 7d.`);
  return Number(m[1]) * UNITS[m[2]];
}

const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;

function render(r: GcReport): string {
  const lines: string[] = [];
  const what = `${count(r.objects, 'object')} (${bytes(r.bytes)}) in ${count(r.remove.length, 'place')}`;
  if (r.remove.length === 0) lines.push('Nothing to remove.');
  else if (r.dryRun) lines.push(`Dry run: would remove ${what}. Remove them with: godwit gc --yes`);
  else lines.push(`Removed ${what}.`);
  if (r.finishedEarlier > 0) lines.push(`Finished ${count(r.finishedEarlier, 'removal')} an earlier gc had left midway.`);
  for (const item of r.remove) {
    const why =
      item.reason === 'superseded'
        ? `replaced by ${item.sameAs}`
        : item.reason === 'unfinished'
          ? 'left by a gc that stopped'
          : `deleted run ${item.runId}${item.kind === 'run-folder' ? ' (run folder)' : ''}`;
    lines.push(`  ${item.uri}  ${count(item.objects.length, 'object')}, ${bytes(item.bytes)}: ${why}`);
  }
  if (r.keep.length > 0) lines.push(`Kept ${count(r.keep.length, 'place')}:`);
  for (const k of r.keep) {
    lines.push(`  ${k.uri}  ${count(k.objects, 'object')}, ${bytes(k.bytes)}: ${k.because.join('; ')}`);
  }
  return lines.join('\n');
}
