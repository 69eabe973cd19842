import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Clock } from '../../src/core/clock.js';
import { systemClock } from '../../src/core/clock.js';
import { godwitHome } from '../../src/core/home.js';
import type { Caller } from '../../src/governance/governance-records.js';
import type { Pipeline } from '../../src/pipeline/dsl/index.js';
import type { ParameterValue } from '../../src/pipeline/ir.js';
import { assertValidPipeline } from '../../src/pipeline/validate.js';
import type { RunEvent } from '../../src/runtime/events.js';
import { resumeRun, startRun } from '../../src/runtime/executor.js';
import { openLocalServices } from '../../src/runtime/local-services.js';
import { withWarehouses } from '../../src/runtime/run-warehouses.js';
import type { Services } from '../../src/runtime/step-context.js';
import { objectIn } from '../../src/store/index.js';
import { openWarehouse } from '../../src/warehouse/index.js';

export async function tempDir(prefix = 'godwit-test-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

/**
 * A fresh Godwit home with the embedded services, running DSL pipelines the way `godwit run`
 * does (validation first). `close()` releases the database and deletes the home.
 */
export async function harness(
  options: { clock?: Clock; concurrency?: number; warehouse?: boolean; callbackQueues?: Services['callbackQueues'] } = {},
) {
  const root = await tempDir();
  const home = godwitHome(join(root, 'home'));
  let current: Pipeline | undefined;
  const local = await openLocalServices(
    home,
    async (step) => {
      const fn = current?.functions.get(step.handler.export);
      if (!fn) throw new Error(`test harness: no function ${step.handler.export}`);
      return fn;
    },
    options.clock ?? systemClock,
  );
  // With `warehouse`, sql steps run on the embedded DuckDB file in the home, as `godwit run` does.
  const withWarehouse = options.warehouse
    ? withWarehouses(local, (name) =>
        openWarehouse(name ?? 'default', { type: 'duckdb' }, { home: home.root, stores: (uri) => objectIn(uri) }),
      )
    : local;
  const services = options.callbackQueues ? { ...withWarehouse, callbackQueues: options.callbackQueues } : withWarehouse;
  const events: RunEvent[] = [];
  const base = { services, concurrency: options.concurrency ?? 4, reporter: (e: RunEvent) => events.push(e) };
  return {
    root,
    home,
    services,
    events,
    async run(
      p: Pipeline,
      parameters: Record<string, ParameterValue> = {},
      extra: { signal?: AbortSignal; baseDir?: string; stepEnv?: Record<string, string>; caller?: Caller } = {},
    ) {
      assertValidPipeline(p.ir, `pipeline ${p.ir.name}`);
      current = p;
      const params = Object.fromEntries(
        p.ir.parameters.map((s) => [s.name, parameters[s.name] ?? (s.default as ParameterValue)]),
      );
      return startRun(
        p.ir,
        params,
        { baseDir: extra.baseDir ?? root },
        { ...base, signal: extra.signal, stepEnv: extra.stepEnv, caller: extra.caller },
      );
    },
    async resume(p: Pipeline, runId: string, extra: { signal?: AbortSignal } = {}) {
      current = p;
      return resumeRun(runId, { ...base, signal: extra.signal });
    },
    async steps(runId: string) {
      return Object.fromEntries((await services.metadata.store.listSteps(runId)).map((s) => [s.name, s]));
    },
    async close() {
      await services.close();
      await rm(root, { recursive: true, force: true });
    },
  };
}
