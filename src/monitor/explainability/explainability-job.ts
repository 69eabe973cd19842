/**
 * The `ModelExplainability` monitoring job: what SageMaker Clarify's model explainability monitor
 * does in one execution. It reads the window's rows (captured requests, or a data set), loads the
 * endpoint's model through Godwit's serving code, computes SHAP values on a sample, writes
 * `analysis.json` under the output URI and, when the schedule has a baseline (a baselining run's
 * `analysis.json`, SageMaker's "constraints" for this monitor), the NDCG drift check's
 * `constraint_violations.json`. It publishes `feature_<name>` and `ExpectedValue` per label.
 *
 * `config` (the job definition's settings, SageMaker's JSON):
 * - `PrimaryContainer`: `{ Image?, ModelDataUrl, Environment? }`, the endpoint's model as
 *   DescribeModel gives it (the schedule runner fills it from the endpoint);
 * - `AnalysisConfig` (Clarify's analysis configuration object) or `ConfigUri` (its file);
 * - `EndpointInput`: `{ FeaturesAttribute?, ProbabilityAttribute? }`.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asGodwitError, GodwitError } from '../../core/errors.js';
import { type GodwitHome, godwitHome } from '../../core/home.js';
import { objectIn, type StoreOptions, storeForUri } from '../../store/index.js';
import type { MonitoringJob, MonitoringJobInput, MonitoringJobResult } from '../monitoring-job.js';
import { type ExplainabilityAnalysis, parseAnalysis } from './analysis-file.js';
import { attributionDrift, attributionMetrics, type DriftResult } from './attribution-drift.js';
import { readBaselineRows } from './baseline-rows.js';
import { explain } from './explain.js';
import { readExplainData } from './explain-data.js';
import { loadExplainableModel } from './model-predictor.js';
import { shapSettings } from './shap-config.js';

type Doc = Record<string, unknown>;

export const modelExplainabilityJob: MonitoringJob = {
  type: 'ModelExplainability',
  run: (input) => runExplainability(input),
};

export interface RunOptions {
  readonly storeOptions?: StoreOptions;
  /** Godwit's home (staged model data, offline buckets); `GODWIT_HOME` or `.godwit` when absent. */
  readonly home?: GodwitHome;
}

/** The job as a schedule runs it: bad input is a `Failed` result with a coded reason, never a throw. */
export async function runExplainability(input: MonitoringJobInput, options: RunOptions = {}): Promise<MonitoringJobResult> {
  try {
    return await runExplainabilityOrThrow(input, options);
  } catch (err) {
    const e = asGodwitError(err);
    const reason = `${e.code}: ${e.describe()}`;
    return { status: 'Failed', failureReason: reason, violationCount: 0, files: [], metrics: [], skipped: [] };
  }
}

/** A run's result with what it computed, for a front end to show. */
export interface ExplainRunResult extends MonitoringJobResult {
  readonly analysis: ExplainabilityAnalysis;
  /** Per method and label, the NDCG against the baseline (when there is one). */
  readonly drift: DriftResult['scores'];
}

/** The same run for a front end that reports errors itself (the CLI): bad input throws its GodwitError. */
export async function runExplainabilityOrThrow(input: MonitoringJobInput, options: RunOptions = {}): Promise<ExplainRunResult> {
  const home = options.home ?? godwitHome();
  const workDir = await mkdtemp(join(tmpdir(), 'godwit-explain-'));
  try {
    return await explainRun(input, options.storeOptions ?? input.storeOptions ?? { home: home.root }, home, workDir);
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

async function explainRun(
  input: MonitoringJobInput,
  storeOptions: StoreOptions,
  home: GodwitHome,
  workDir: string,
): Promise<ExplainRunResult> {
  const config = input.config as Doc;
  const analysisConfig = (config.AnalysisConfig as Doc | undefined) ?? (await readJsonUri(config.ConfigUri, storeOptions));
  const settings = shapSettings(analysisConfig, (config.EndpointInput ?? {}) as Doc);
  const container = (config.PrimaryContainer ?? {}) as {
    Image?: string;
    ModelDataUrl?: string;
    Environment?: Record<string, string>;
  };
  if (!container.ModelDataUrl)
    throw new GodwitError(
      'E_EXPLAIN_MODEL',
      'The job has no model to explain: config.PrimaryContainer.ModelDataUrl is missing.',
      {
        hint: "Give the endpoint's model container ({ Image, ModelDataUrl }) as DescribeModel returns it.",
      },
    );
  const { table, skipped } = await readExplainData(input.dataset, { ...settings, storeOptions });
  const baselineRows = await readBaselineRows(settings.baseline, table.cols, storeOptions);
  const model = await loadExplainableModel(
    { model: container.ModelDataUrl, image: container.Image, environment: container.Environment },
    { workDir, home, storeOptions, probability: settings.probability },
  );
  try {
    const { analysis } = await explain(model, table, settings, baselineRows);
    const out = await storeForUri(input.outputUri, storeOptions);
    const files = [out.uri('analysis.json')];
    await out.put('analysis.json', `${JSON.stringify(analysis, null, 4)}\n`);
    let violationCount = 0;
    let scores: DriftResult['scores'] = [];
    if (input.baseline?.constraintsUri) {
      const text = (await readUri(input.baseline.constraintsUri, storeOptions)).toString('utf8');
      const drift = attributionDrift(parseAnalysis(text, input.baseline.constraintsUri), analysis);
      await out.put('constraint_violations.json', `${JSON.stringify(drift.violations, null, 4)}\n`);
      files.push(out.uri('constraint_violations.json'));
      violationCount = drift.violations.violations.length;
      scores = drift.scores;
    }
    const status = violationCount ? 'CompletedWithViolations' : 'Completed';
    return { status, violationCount, files, metrics: attributionMetrics(analysis), skipped, analysis, drift: scores };
  } finally {
    await model.close();
  }
}

async function readJsonUri(uri: unknown, storeOptions: StoreOptions): Promise<Doc | undefined> {
  if (uri === undefined) return undefined;
  const text = (await readUri(String(uri), storeOptions, 'E_EXPLAIN_CONFIG')).toString('utf8');
  try {
    return JSON.parse(text) as Doc;
  } catch (err) {
    throw new GodwitError('E_EXPLAIN_CONFIG', `${String(uri)} is not JSON: ${(err as Error).message}`, {
      hint: "Give Clarify's analysis configuration as a JSON file.",
    });
  }
}

/** A file's bytes; a missing one is `code` (the baseline's or the configuration's) naming the URI. */
export async function readUri(
  uri: string,
  storeOptions: StoreOptions,
  code: 'E_EXPLAIN_BASELINE' | 'E_EXPLAIN_CONFIG' = 'E_EXPLAIN_BASELINE',
): Promise<Buffer> {
  const { store, key } = await objectIn(uri, storeOptions);
  if (!(await store.head(key)))
    throw new GodwitError(code, `There is no file at ${uri}.`, { hint: 'Check the URI of the baseline or configuration file.' });
  return store.get(key);
}
