import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { recordLogTimes } from '../core/log-times.js';
import { LocalDigests } from '../lineage/runs-lineage-local.js';
import type { ArtifactRecord, AttemptRecord, MetaWrite, StepRecord } from '../meta/metadata-store.js';
import type { FailureKind, OutputSpec, RetryPolicy, StepIR } from '../pipeline/ir.js';
import { parseIsoDuration } from '../pipeline/validate-duration.js';
import { joinKey } from '../store/keys.js';
import { collectOutput, holdsFiles, stageSource } from './artifact-io.js';
import { cacheKey } from './cache.js';
import type { RunReporter } from './events.js';
import type { RunOutputs, ValueResolver } from './resolve.js';
import { RUNNERS } from './runners/index.js';
import { sqlCacheParts } from './sql-step.js';
import type { RunInfo, Services, StepContext, StepResult } from './step-context.js';
import { asStepFailure, StepFailure } from './step-failure.js';
import { stepReadsLineage } from './step-lineage.js';
import { attemptPaths } from './workspace.js';

export interface StepExecutionContext {
  readonly run: RunInfo;
  readonly services: Services;
  readonly resolver: ValueResolver;
  readonly outputs: RunOutputs;
  readonly signal?: AbortSignal;
  readonly reporter?: RunReporter;
  /** Attempt numbers continue across resumes so logs are never overwritten. */
  readonly firstAttempt: number;
  readonly owner?: { condition: string; branch: 'then' | 'else' };
}

const DEFAULT_RETRY_ON: readonly FailureKind[] = ['error', 'timeout', 'interrupted'];
const CACHEABLE: ReadonlySet<StepIR['type']> = new Set(['processing', 'training', 'transform', 'function', 'sql']);

/** A table has no digest to reuse: a sql step is cached only when all its outputs are unloaded datasets. */
function cacheable(step: StepIR): boolean {
  if (step.type === 'sql') return step.tables.length === 0 && step.outputs.length > 0;
  return CACHEABLE.has(step.type);
}

/**
 * Runs one step to its end: cache lookup, attempts with retries and timeouts, output collection,
 * and the bookkeeping for each. Never throws for a step's own failure: it returns the record.
 */
export async function executeStep(step: StepIR, x: StepExecutionContext): Promise<{ record: StepRecord }> {
  const { store } = x.services.metadata;
  const startedAt = x.services.clock.now();
  let record: StepRecord = {
    runId: x.run.id,
    name: step.name,
    type: step.type,
    status: 'running',
    startedAt,
    attempts: x.firstAttempt - 1,
  };
  // First written when an attempt starts, or when the cache answers: one write fewer per step.
  // What the step reads goes into lineage with that first write; the lineage of the records
  // themselves (the step's action, its outputs) the metadata store adds. Local inputs and code
  // are hashed once for the step: its cache key and its lineage ask alike.
  const digests = new LocalDigests();
  let readsWritten = false;
  const reads = async (): Promise<MetaWrite[]> => {
    if (readsWritten) return [];
    readsWritten = true;
    return [{ lineage: await stepReadsLineage(step, { ...x, digests }, startedAt) }];
  };

  /** The step's last writes, with its last attempt's and its outputs, in one transaction. */
  const finish = async (
    patch: Partial<StepRecord>,
    summary?: string,
    attempt?: AttemptRecord,
    artifacts: readonly ArtifactRecord[] = [],
  ) => {
    const endedAt = x.services.clock.now();
    record = { ...record, ...patch, endedAt };
    const event = {
      runId: x.run.id,
      step: step.name,
      at: endedAt,
      type: `step-${record.status}`,
      message: record.reason ?? summary ?? record.status,
    };
    await store.write([
      ...(attempt ? [{ attempt }] : []),
      { step: record },
      ...artifacts.map((artifact) => ({ artifact })),
      { event },
      ...(await reads()),
    ]);
    x.reporter?.({
      type: 'step-finished',
      step: step.name,
      status: record.status,
      durationMs: endedAt.getTime() - startedAt.getTime(),
      reason: record.reason,
      summary,
      cachedFrom: record.cachedFrom,
    });
    return { record };
  };

  let key: string | undefined;
  try {
    if (step.cache?.enabled && cacheable(step)) {
      const extra = step.type === 'sql' ? await sqlCacheParts(step, x.run.ir, x.run.baseDir, x.services) : {};
      key = await cacheKey(step, x.resolver, x.run.baseDir, extra, x.services.inputStores, (p) => digests.digest(p));
      record = { ...record, cacheKey: key };
      const hit = await reuseCached(step, key, x);
      if (hit) {
        const summary = `reused outputs of run ${hit.runId}`;
        return finish({ status: 'cached', cachedFrom: hit.runId }, summary, undefined, hit.artifacts);
      }
    }
  } catch (err) {
    return finish({ status: 'failed', reason: describe(step, asStepFailure(err)) });
  }

  const policy: RetryPolicy = step.retry ?? { maxAttempts: 1 };
  for (let attempt = x.firstAttempt; ; attempt++) {
    // Recorded before the attempt starts, so a resume after a crash never reuses its number.
    record = { ...record, attempts: attempt };
    const outcome = await runAttempt(step, attempt, x, record, await reads());
    if (outcome.ok) {
      const { result } = outcome;
      if (result.metrics && Object.keys(result.metrics).length > 0) {
        await store.putMetrics(x.run.id, step.name, result.metrics);
        x.outputs.metrics.set(step.name, { ...result.metrics });
      }
      const done = { status: 'succeeded', cacheKey: key, outcome: result.outcome } as const;
      return finish(done, result.summary, outcome.attempt, [...outcome.artifacts.values()]);
    }
    const failure = outcome.failure;
    if (x.signal?.aborted) return finish({ status: 'stopped', reason: 'the run was stopped' }, undefined, outcome.attempt);
    const tried = attempt - x.firstAttempt + 1;
    const retryOn = policy.on ?? DEFAULT_RETRY_ON;
    if (failure.retryable && retryOn.includes(failure.kind) && tried < policy.maxAttempts) {
      const delayMs = backoffMs(policy, tried);
      await announceRetry(step, x, outcome.attempt, failure, delayMs);
      try {
        await x.services.clock.sleep(delayMs, x.signal);
      } catch {
        return finish({ status: 'stopped', reason: 'the run was stopped' });
      }
      continue;
    }
    return finish({ status: 'failed', reason: describe(step, failure) }, undefined, outcome.attempt);
  }
}

/** Tells the reporter and the run's events that a failed attempt will be retried, and when. */
async function announceRetry(
  step: StepIR,
  x: StepExecutionContext,
  attempt: AttemptRecord,
  failure: StepFailure,
  delayMs: number,
): Promise<void> {
  const n = attempt.attempt;
  x.reporter?.({ type: 'step-retrying', step: step.name, attempt: n, reason: failure.message, delayMs });
  const event = {
    runId: x.run.id,
    step: step.name,
    at: x.services.clock.now(),
    type: 'step-retrying',
    message: `attempt ${n} failed (${failure.kind}): ${failure.message}; retrying in ${delayMs} ms`,
  };
  await x.services.metadata.store.write([{ attempt }, { event }]);
}

function describe(step: StepIR, f: StepFailure): string {
  const text = f.hint ? `${f.message} ${f.hint}` : f.message;
  return step.type === 'fail' ? text : `Step "${step.name}" failed: ${text}`;
}

export function backoffMs(policy: RetryPolicy, tried: number): number {
  const b = policy.backoff;
  if (!b) return 0;
  const seconds = b.initialSeconds * (b.rate ?? 2) ** (tried - 1);
  return Math.round(Math.min(seconds, b.maxSeconds ?? Number.POSITIVE_INFINITY) * 1000);
}

/**
 * Reuses the outputs of the newest successful step with the same key, if they still exist: the
 * run it came from and the copies of its artifact records, which the step's last write stores.
 */
async function reuseCached(
  step: StepIR,
  key: string,
  x: StepExecutionContext,
): Promise<{ runId: string; artifacts: ArtifactRecord[] } | undefined> {
  const { store } = x.services.metadata;
  const expiry = step.cache?.expireAfter;
  const notBefore = expiry ? new Date(x.services.clock.now().getTime() - parseIsoDuration(expiry)) : undefined;
  const hit = await store.findCachedStep(key, notBefore);
  if (!hit) return undefined;
  const artifacts = await store.listArtifacts(hit.runId, hit.name);
  // The entry is only as good as its files: a cleaned-up artifact store means a cache miss.
  for (const a of artifacts) {
    const prefix = x.services.store.keyOf(a.uri);
    for (const f of a.files)
      if (prefix === undefined || !(await x.services.store.head(joinKey(prefix, f.path)))) return undefined;
  }
  const now = x.services.clock.now();
  const outputs = new Map<string, ArtifactRecord>();
  for (const a of artifacts) outputs.set(a.name, { ...a, runId: x.run.id, step: step.name, createdAt: now });
  x.outputs.artifacts.set(step.name, outputs);
  const metrics = await store.listMetrics(hit.runId, hit.name);
  if (metrics.length > 0) {
    const m = Object.fromEntries(metrics.map((r) => [r.name, r.value]));
    await store.putMetrics(x.run.id, step.name, m);
    x.outputs.metrics.set(step.name, m);
  }
  return { runId: hit.runId, artifacts: [...outputs.values()] };
}

/** How an attempt ended, with its final record and its outputs' records, which the caller writes with the step's own. */
type AttemptOutcome = (
  | { ok: true; result: StepResult; artifacts: ReadonlyMap<string, ArtifactRecord> }
  | { ok: false; failure: StepFailure }
) & { attempt: AttemptRecord };

async function runAttempt(
  step: StepIR,
  attempt: number,
  x: StepExecutionContext,
  stepRecord: StepRecord,
  /** Lineage written with the attempt's first record (what the step reads, on its first attempt). */
  lineage: readonly MetaWrite[],
): Promise<AttemptOutcome> {
  const { store } = x.services.metadata;
  const { clock } = x.services;
  const { stepDir, workspace, log: logPath, process: processFile } = attemptPaths(x.run.runDir, step.name, attempt);
  const startedAt = clock.now();
  await store.write([
    { step: stepRecord },
    { attempt: { runId: x.run.id, step: step.name, attempt, status: 'running', startedAt, logPath } },
    ...lineage,
  ]);
  x.reporter?.({ type: 'step-started', step: step.name, attempt });

  const controller = new AbortController();
  const onStop = () => controller.abort(new StepFailure('E_STOPPED', 'interrupted', 'the run was stopped', { retryable: false }));
  if (x.signal?.aborted) onStop();
  x.signal?.addEventListener('abort', onStop, { once: true });
  // Only a step with a timeout gets a timer: aborting one costs a DOMException, on every step.
  // A callback step keeps its own deadline, counted from its token's creation so that it
  // survives a restart (src/pipelines/callback-deadline.ts).
  const timer = step.timeoutSeconds === undefined || step.type === 'callback' ? undefined : new AbortController();
  if (timer && step.timeoutSeconds !== undefined) {
    const seconds = step.timeoutSeconds;
    clock.sleep(seconds * 1000, timer.signal).then(
      () =>
        controller.abort(
          new StepFailure('E_TIMEOUT', 'timeout', `it ran longer than its timeout of ${seconds} s and was ended.`),
        ),
      () => {},
    );
  }

  // Opened on first use: most in-process steps log nothing, and a file per step adds up. Writes
  // are synchronous appends, so Godwit's lines and a process's own output keep their order.
  let log: number | undefined;
  let stopTimes: (() => void) | undefined;
  const logFd = () => {
    if (log === undefined) {
      try {
        log = openSync(logPath, 'a+');
      } catch {
        // Process steps have made the folder already; in-process steps log rarely.
        mkdirSync(stepDir, { recursive: true });
        log = openSync(logPath, 'a+');
      }
      // Lines get their times beside the log (`<log>.times`), read by the CloudWatch Logs door.
      stopTimes = recordLogTimes(logPath);
    }
    return log;
  };
  const io = { resolver: x.resolver, store: x.services.store, baseDir: x.run.baseDir, inputStores: x.services.inputStores };
  const ctx: StepContext = {
    run: x.run,
    step,
    attempt,
    workspace,
    signal: controller.signal,
    services: x.services,
    caller: x.run.caller,
    logFd,
    logPath,
    processFile,
    log: (line) => {
      writeSync(logFd(), `${line}\n`);
      x.reporter?.({ type: 'step-log', step: step.name, line });
    },
    notice: (message) => x.reporter?.({ type: 'notice', step: step.name, message }),
    resolve: (v, paths) => x.resolver.resolve(v, paths),
    evaluate: (c) => x.resolver.evaluate(c),
    artifactFor: (v, field) => {
      if (typeof v === 'object' && v !== null && v.kind === 'StepOutput') return x.resolver.artifact(v.step, v.output);
      throw new StepFailure('E_ARTIFACT_REF', 'error', `${field} must reference another step's output.`, { retryable: false });
    },
    stageInput: (source, localDir, field) => stageSource(source, localDir, field, io),
  };

  let ended:
    | { ok: true; result: StepResult; artifacts: ReadonlyMap<string, ArtifactRecord> }
    | { ok: false; failure: StepFailure };
  try {
    const result = await RUNNERS[step.type](ctx);
    if (controller.signal.aborted) throw controller.signal.reason;
    const artifacts = await collectOutputs(step, result, x);
    x.outputs.artifacts.set(step.name, artifacts);
    ended = { ok: true, result, artifacts };
  } catch (err) {
    const reason = controller.signal.aborted ? controller.signal.reason : err;
    ended = { ok: false, failure: asStepFailure(reason) };
  } finally {
    timer?.abort();
    x.signal?.removeEventListener('abort', onStop);
    stopTimes?.();
    if (log !== undefined) closeSync(log);
  }
  const record: AttemptRecord = {
    runId: x.run.id,
    step: step.name,
    attempt,
    status: ended.ok ? 'succeeded' : ended.failure.code === 'E_STOPPED' ? 'stopped' : 'failed',
    startedAt,
    endedAt: clock.now(),
    exitCode: ended.ok ? 0 : ended.failure.exitCode,
    failureKind: ended.ok ? undefined : ended.failure.kind,
    error: ended.ok ? undefined : ended.failure.message,
    logPath: log !== undefined ? logPath : undefined,
  };
  return { ...ended, attempt: record };
}

/** Stores each declared output's files; their records are written with the step's last record. */
async function collectOutputs(step: StepIR, result: StepResult, x: StepExecutionContext): Promise<Map<string, ArtifactRecord>> {
  const declared: readonly OutputSpec[] = 'outputs' in step ? step.outputs : [];
  const artifacts = new Map<string, ArtifactRecord>();
  for (const out of declared) {
    const localDir = result.outputs?.[out.name];
    if (out.optional && (localDir === undefined || !(await holdsFiles(localDir)))) continue;
    if (localDir === undefined) {
      throw new StepFailure('E_OUTPUT_MISSING', 'error', `it produced no output "${out.name}".`, {
        retryable: false,
      });
    }
    const record = await collectOutput(x.services.store, {
      runId: x.run.id,
      step: step.name,
      name: out.name,
      type: out.type,
      localDir,
      shownAs: out.source ?? localDir,
      at: x.services.clock.now(),
    });
    artifacts.set(out.name, record);
  }
  return artifacts;
}
