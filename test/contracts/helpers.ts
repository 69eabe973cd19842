import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { godwitHome } from '../../src/core/home.js';
import type { Pipeline } from '../../src/pipeline/dsl/index.js';
import type { ParameterValue } from '../../src/pipeline/ir.js';
import { assertValidPipeline } from '../../src/pipeline/validate.js';
import { type ContractOptions, withContractOptions } from '../../src/runtime/contracts/contract-options.js';
import type { RunEvent } from '../../src/runtime/events.js';
import { startRun } from '../../src/runtime/executor.js';
import { openLocalServices } from '../../src/runtime/local-services.js';
import { tempDir } from '../helpers/harness.js';

/** The Debian interpreter that has scikit-learn, pandas and XGBoost (the bare `python3` on PATH may not). */
export const PYTHON = '/usr/bin/python3';

export const hasPython = existsSync(PYTHON);

/** Why the examples cannot run here, or undefined when scikit-learn and XGBoost import. */
export function sklearnMissing(): string | undefined {
  if (!hasPython) return `${PYTHON} is not installed`;
  const r = spawnSync(PYTHON, ['-c', 'import sklearn, xgboost, pandas'], { encoding: 'utf8' });
  return r.status === 0
    ? undefined
    : `${PYTHON} cannot import sklearn/xgboost/pandas (apt-get install python3-sklearn python3-xgboost python3-pandas): ${r.stderr.trim().split('\n').pop()}`;
}

/** Whether bubblewrap can run here; tests of the sandboxed mode skip, saying so, when not. */
export const bwrapProblem: string | undefined = (() => {
  const r = spawnSync('bwrap', ['--ro-bind', '/', '/', '--dev', '/dev', '--proc', '/proc', 'true'], { encoding: 'utf8' });
  if (r.error) return `bubblewrap is not installed (${r.error.message})`;
  return r.status === 0 ? undefined : `bubblewrap cannot run here: ${r.stderr.trim()}`;
})();

/** CI runs .ci/run, which installs bubblewrap: there a missing sandbox is a failure, never a skip. */
const inCi = ['true', '1'].includes(process.env.CI ?? '');

/** The skip reason of a test that needs bubblewrap: why it cannot run here, or false (always in CI). */
export const bwrapSkip: string | false = inCi ? false : (bwrapProblem ?? false);

export type Mode = 'bwrap' | 'none';

/** Both sandbox modes, each with the skip reason that applies to it here. */
export const MODES: readonly { mode: Mode; skip: string | false }[] = [
  { mode: 'none', skip: false },
  { mode: 'bwrap', skip: bwrapSkip },
];

/** Runs `fn` with GODWIT_SANDBOX (and optionally other variables) set, restoring them after. */
export async function withEnv<T>(vars: Record<string, string | undefined>, fn: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  for (const [k, v] of Object.entries(vars)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  try {
    return await fn();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

/**
 * A Godwit home in a temp folder that runs DSL pipelines (validated first) with contract options,
 * plus a folder for the pipeline's files (`base`).
 */
export async function contractHarness(options: ContractOptions = {}, parent?: string) {
  const root = parent ? await mkdtemp(join(parent, 'godwit-contracts-')) : await tempDir('godwit-contracts-');
  const base = join(root, 'pipeline');
  await mkdir(base, { recursive: true });
  const home = godwitHome(join(root, 'home'));
  let current: Pipeline | undefined;
  const local = await openLocalServices(home, async (step) => {
    const fn = current?.functions.get(step.handler.export);
    if (!fn) throw new Error(`contract harness: no function ${step.handler.export}`);
    return fn;
  });
  const services = withContractOptions(local, options);
  const events: RunEvent[] = [];
  return {
    root,
    base,
    home,
    services,
    events,
    /** Writes a file of the pipeline (a script, data) relative to `base`. */
    async file(path: string, text: string, mode?: number) {
      const full = join(base, path);
      await mkdir(join(full, '..'), { recursive: true });
      await writeFile(full, text, mode === undefined ? undefined : { mode });
      return full;
    },
    async run(
      p: Pipeline,
      parameters: Record<string, ParameterValue> = {},
      mode: Mode = 'none',
      env: Record<string, string | undefined> = {},
    ) {
      if (mode === 'bwrap' && bwrapProblem)
        throw new Error(`CI must run the sandboxed tests (.ci/run installs bubblewrap), but ${bwrapProblem}.`);
      assertValidPipeline(p.ir, `pipeline ${p.ir.name}`);
      current = p;
      const params = Object.fromEntries(
        p.ir.parameters.map((s) => [s.name, parameters[s.name] ?? (s.default as ParameterValue)]),
      );
      return withEnv({ GODWIT_SANDBOX: mode, GODWIT_PYTHON: PYTHON, ...env }, () =>
        startRun(p.ir, params, { baseDir: base }, { services, concurrency: 2, reporter: (e) => events.push(e) }),
      );
    },
    async steps(runId: string) {
      return Object.fromEntries((await services.metadata.store.listSteps(runId)).map((s) => [s.name, s]));
    },
    async metrics(runId: string, step: string) {
      return Object.fromEntries((await services.metadata.store.listMetrics(runId, step)).map((m) => [m.name, m.value]));
    },
    /** The local folder of a step's stored output. */
    async artifactDir(runId: string, step: string, output: string) {
      const [a] = (await services.metadata.store.listArtifacts(runId, step)).filter((x) => x.name === output);
      if (!a) throw new Error(`no artifact ${step}.${output} in ${runId}`);
      return new URL(a.uri).pathname;
    },
    async log(runId: string, step: string, attempt = 1) {
      const [a] = (await services.metadata.store.listAttempts(runId, step)).filter((x) => x.attempt === attempt);
      return a?.logPath ? readFile(a.logPath, 'utf8') : '';
    },
    async close() {
      await local.close();
      await rm(root, { recursive: true, force: true });
    },
  };
}

export type ContractHarness = Awaited<ReturnType<typeof contractHarness>>;
