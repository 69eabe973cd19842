import type { MetadataStore, RunRecord } from '../meta/metadata-store.js';
import { effectiveStatus, requireRun } from '../meta/run-status.js';
import { bestOf, type Direction, metricDirection } from '../registry/views/metric-values.js';
import { elapsedMs } from './run-summaries.js';

/**
 * Runs side by side (`godwit runs compare`): parameters, each step's metrics with the best value
 * marked, durations of the runs and their steps, and artifacts by digest. Values are listed in the
 * order the runs were named; a run without a row's thing has `null` there.
 */
export interface RunComparison {
  readonly runs: readonly {
    readonly id: string;
    readonly pipeline: string;
    readonly status: string;
    readonly startedAt: string;
    readonly durationMs?: number;
  }[];
  readonly parameters: readonly { readonly name: string; readonly values: readonly unknown[]; readonly differs: boolean }[];
  readonly metrics: readonly {
    readonly step: string;
    readonly name: string;
    readonly values: readonly (number | null)[];
    /** Which way is better, from the name or a `--higher` / `--lower` flag; absent when unknown. */
    readonly direction?: Direction;
    /** Indexes (into `runs`) of the best value; empty without a direction. */
    readonly best: readonly number[];
  }[];
  readonly steps: readonly {
    readonly step: string;
    readonly durationsMs: readonly (number | null)[];
    readonly statuses: readonly (string | null)[];
  }[];
  readonly artifacts: readonly {
    readonly step: string;
    readonly name: string;
    readonly values: readonly ({ readonly digest: string; readonly size: number } | null)[];
    readonly differs: boolean;
  }[];
  /** Metrics shown whose direction is unknown (no best value marked). */
  readonly undirected: readonly string[];
}

export interface CompareOptions {
  /** Only these metrics (a metric's name, or `step.metric`). */
  readonly metrics?: readonly string[];
  readonly higher?: readonly string[];
  readonly lower?: readonly string[];
}

const differ = (values: readonly unknown[]) => new Set(values.map((v) => JSON.stringify(v ?? null))).size > 1;

/** Unknown run ids are `E_RUN_NOT_FOUND` naming the run (the first one missing). */
export async function compareRuns(
  store: MetadataStore,
  home: string,
  ids: readonly string[],
  options: CompareOptions = {},
): Promise<RunComparison> {
  const runs: RunRecord[] = [];
  for (const id of ids) runs.push(await requireRun(store, home, id));
  const details = await Promise.all(
    ids.map(async (id) => {
      const [steps, metrics, artifacts] = await Promise.all([
        store.listSteps(id),
        store.listMetrics(id),
        store.listArtifacts(id),
      ]);
      return { steps, metrics, artifacts };
    }),
  );

  const paramNames = [...new Set(runs.flatMap((r) => Object.keys(r.parameters)))];
  const parameters = paramNames.map((name) => {
    const values = runs.map((r) => (name in r.parameters ? r.parameters[name] : null));
    return { name, values, differs: differ(values) };
  });

  const metricKeys = unique(details.flatMap((d) => d.metrics.map((m) => [m.step, m.name] as const)));
  const wanted = (step: string, name: string) =>
    !options.metrics?.length || options.metrics.some((m) => m === name || m === `${step}.${name}`);
  const overrides = { higher: options.higher, lower: options.lower };
  const metrics = metricKeys
    .filter(([step, name]) => wanted(step, name))
    .map(([step, name]) => {
      const values = details.map((d) => d.metrics.find((m) => m.step === step && m.name === name)?.value ?? null);
      const direction = metricDirection(`${step}.${name}`, overrides) ?? metricDirection(name, overrides);
      return {
        step,
        name,
        values,
        ...(direction && { direction }),
        best: bestOf(
          values.map((v) => v ?? undefined),
          direction,
        ),
      };
    });

  const stepNames = [...new Set(details.flatMap((d) => d.steps.map((s) => s.name)))];
  const steps = stepNames.map((step) => {
    const records = details.map((d) => d.steps.find((s) => s.name === step));
    return {
      step,
      durationsMs: records.map((s) => (s ? (elapsedMs(s.startedAt, s.endedAt) ?? null) : null)),
      statuses: records.map((s) => s?.status ?? null),
    };
  });

  const artifactKeys = unique(details.flatMap((d) => d.artifacts.map((a) => [a.step, a.name] as const)));
  const artifacts = artifactKeys.map(([step, name]) => {
    const values = details.map((d) => {
      const a = d.artifacts.find((x) => x.step === step && x.name === name);
      return a ? { digest: a.sha256, size: a.size } : null;
    });
    return { step, name, values, differs: differ(values.map((v) => v?.digest)) };
  });

  return {
    runs: runs.map((r) => ({
      id: r.id,
      pipeline: r.pipeline,
      status: effectiveStatus(r),
      startedAt: r.startedAt.toISOString(),
      ...(r.endedAt && { durationMs: elapsedMs(r.startedAt, r.endedAt) }),
    })),
    parameters,
    metrics,
    steps,
    artifacts,
    undirected: metrics.filter((m) => !m.direction).map((m) => `${m.step}.${m.name}`),
  };
}

function unique(pairs: readonly (readonly [string, string])[]): (readonly [string, string])[] {
  const seen = new Map<string, readonly [string, string]>();
  for (const p of pairs) seen.set(`${p[0]}\0${p[1]}`, p);
  return [...seen.values()];
}
