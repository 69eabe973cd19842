import { basename, resolve } from 'node:path';
import { systemClock } from '../../core/clock.js';
import { GodwitError } from '../../core/errors.js';
import { ensureWritableHome } from '../../core/home.js';
import { openMetadata } from '../../meta/index.js';
import { resolveModelTarget } from '../../recommend/model-target.js';
import { readPriceTable } from '../../recommend/price-table.js';
import { recommend } from '../../recommend/recommend.js';
import { DEFAULT_PLAN, parseCounts, parsePositive } from '../../recommend/recommend-options.js';
import type { Recommendation } from '../../recommend/recommendation.js';
import { writeReport } from '../../recommend/report-files.js';
import { cheapest, cloudTable, runTable, verdict } from '../../recommend/report-table.js';
import { storeOptionsFor } from '../artifact-location.js';
import { type CliIo, databaseOf, EXIT, homeOf, json, write } from '../cli-io.js';
import { table } from '../format.js';
import type { Handler } from '../spec/command-spec.js';
import type { recommendOptions } from '../spec/recommend-spec.js';

/** `godwit recommend MODEL`: flags to a load plan, the library's measurement, a table and the report files. */
export const recommendCommand: Handler<typeof recommendOptions> = {
  run: async ({ values, positionals: [model], io }) => {
    const plan = {
      instances: values.instances === undefined ? [...DEFAULT_PLAN.instances] : parseCounts('--instances', values.instances),
      concurrency:
        values.concurrency === undefined ? [...DEFAULT_PLAN.concurrency] : parseCounts('--concurrency', values.concurrency),
      durationS: values.duration === undefined ? DEFAULT_PLAN.durationS : parsePositive('--duration', values.duration, 'seconds'),
      latencyP99Ms:
        values['latency-p99-ms'] === undefined
          ? undefined
          : parsePositive('--latency-p99-ms', values['latency-p99-ms'], 'milliseconds'),
    };
    const prices = await readPriceTable(values.prices === undefined ? undefined : resolve(io.cwd, values.prices));
    const target = await resolveTarget(model, io);
    const storeOptions = await storeOptionsFor(
      io,
      target.containers.flatMap((c) => (c.modelDataUrl ? [c.modelDataUrl] : [])),
    );
    const progress = values.json ? undefined : (line: string) => write(io.stderr, line);
    const stop = stopOnInterrupt(io);
    const result = await recommend({
      model,
      target,
      payloadPath: values.payload === undefined ? undefined : resolve(io.cwd, values.payload),
      plan,
      prices,
      storeOptions,
      progress,
      signal: stop.signal,
    })
      .catch((err: GodwitError) => {
        if (err?.code !== 'E_STOPPED') throw err;
        write(io.stderr, `error: ${err.describe()}`);
        return undefined;
      })
      .finally(stop.dispose);
    // 128 + SIGINT, as a shell reports a command ended by Ctrl-C.
    if (!result) return 130;
    const out = resolve(io.cwd, values.out ?? `recommend-${slug(model)}`);
    const files = await writeReport(result, out);
    if (values.json) json(io, result);
    else write(io.stdout, summary(result, files.markdown));
    if (result.met) return EXIT.ok;
    const unmet = new GodwitError('E_RECOMMEND_TARGET_UNMET', verdict(result), {
      hint: 'Try more instances (--instances), lower concurrency, or a looser --latency-p99-ms; the report has every run.',
    });
    write(io.stderr, `${unmet.code}: ${unmet.describe()}`);
    return EXIT.failed;
  },
};

/**
 * Ctrl-C (or the caller's abort) ends the run in progress and removes the scratch endpoints
 * before exiting; a second Ctrl-C quits at once.
 */
function stopOnInterrupt(io: CliIo): { signal: AbortSignal; dispose: () => void } {
  const stop = new AbortController();
  const onSignal = () => {
    if (stop.signal.aborted) process.exit(130);
    write(io.stderr, 'Stopping: ending the run in progress and removing its endpoints… (press Ctrl-C again to quit at once)');
    stop.abort();
  };
  process.on('SIGINT', onSignal);
  io.signal?.addEventListener('abort', () => stop.abort(), { once: true });
  return { signal: stop.signal, dispose: () => process.off('SIGINT', onSignal) };
}

/** MODEL through the caller's registry and endpoint catalog (opened only for the lookup). */
async function resolveTarget(model: string, io: CliIo) {
  const home = homeOf(io);
  ensureWritableHome(home);
  const metadata = await openMetadata(home, systemClock, databaseOf(io));
  try {
    return await resolveModelTarget(model, io.cwd, metadata);
  } finally {
    await metadata.close();
  }
}

function summary(r: Recommendation, report: string): string {
  const runs = runTable(r);
  const parts = [table(runs.header, runs.rows), '', verdict(r)];
  if (r.cloud) {
    const cloud = cloudTable(r.cloud);
    parts.push('', table(cloud.header, cloud.rows), cheapest(r.cloud));
  }
  parts.push('', `Report: ${report}`);
  return parts.join('\n');
}

/** A folder name from MODEL: `Churn/latest-approved` → `Churn-latest-approved`, a path → its last part. */
function slug(model: string): string {
  const base =
    model.includes('://') || model.startsWith('/') || model.startsWith('.') ? basename(model.replace(/\/+$/, '')) : model;
  return (
    base
      .replace(/\.tar\.gz$/, '')
      .replace(/[^A-Za-z0-9._-]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'model'
  );
}
