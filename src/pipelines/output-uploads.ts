/**
 * What SageMaker's service does when a pipeline's processing step ends: each output's `LocalPath`
 * is uploaded to its `S3Output.S3Uri`. A Godwit run keeps a step's outputs in its artifact store;
 * for an execution started through the SageMaker door, each output is then copied (every file at
 * its path relative to the output folder) to the destination the definition names, in whichever
 * store that is (the server's S3 door for `s3://`), as the jobs capability does for a
 * CreateProcessingJob (src/jobs/kinds/processing-result.ts).
 *
 * Destinations are read from the definition: a literal URI, a `Parameters.x` or
 * `Execution.PipelineExecutionId` reference, or a `Std:Join` of those (what the SDK writes, e.g.
 * `s3://bucket/<execution id>/out`). A destination made of anything else (another step's
 * property) is not uploaded to; the import report already says outputs stay in the artifact store.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { MetadataStore } from '../meta/metadata-store.js';
import type { RunReporter } from '../runtime/events.js';
import { keyOf } from '../runtime/resolve.js';
import type { ArtifactStore } from '../store/artifact-store.js';
import { downloadPrefix, objectIn, type StoreOptions, uploadDir } from '../store/index.js';

/** Step name → output name → destination URI. */
export type OutputDestinations = ReadonlyMap<string, ReadonlyMap<string, string>>;

export interface DestinationContext {
  readonly executionId: string;
  readonly parameters: Readonly<Record<string, string>>;
}

/** The processing outputs' destinations of a definition (nested Condition branches included). */
export function outputDestinations(definition: Record<string, unknown>, context: DestinationContext): OutputDestinations {
  const defaults = Object.fromEntries(
    (Array.isArray(definition.Parameters) ? (definition.Parameters as Record<string, unknown>[]) : [])
      .filter((p) => typeof p?.Name === 'string' && p.DefaultValue !== undefined)
      .map((p) => [String(p.Name), String(p.DefaultValue)]),
  );
  const values = { ...context, parameters: { ...defaults, ...context.parameters } };
  const found = new Map<string, Map<string, string>>();
  const visit = (steps: unknown) => {
    if (!Array.isArray(steps)) return;
    for (const step of steps as Record<string, unknown>[]) {
      const args = (step?.Arguments ?? {}) as Record<string, unknown>;
      if (step?.Type === 'Condition') {
        visit(args.IfSteps);
        visit(args.ElseSteps);
      }
      if (step?.Type !== 'Processing') continue;
      const outputs = ((args.ProcessingOutputConfig ?? {}) as { Outputs?: unknown }).Outputs;
      for (const o of Array.isArray(outputs) ? (outputs as Record<string, unknown>[]) : []) {
        const uri = literal((o?.S3Output as { S3Uri?: unknown } | undefined)?.S3Uri, values);
        if (typeof o?.OutputName !== 'string' || uri === undefined) continue;
        const byOutput = found.get(String(step.Name)) ?? new Map<string, string>();
        byOutput.set(o.OutputName, uri);
        found.set(String(step.Name), byOutput);
      }
    }
  };
  visit(definition.Steps);
  return found;
}

function literal(value: unknown, context: DestinationContext): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value !== 'object' || value === null) return undefined;
  const get = (value as { Get?: unknown }).Get;
  if (get === 'Execution.PipelineExecutionId') return context.executionId;
  if (typeof get === 'string' && get.startsWith('Parameters.')) return context.parameters[get.slice('Parameters.'.length)];
  const join = (value as { 'Std:Join'?: { On?: unknown; Values?: unknown } })['Std:Join'];
  if (!join || typeof join.On !== 'string' || !Array.isArray(join.Values)) return undefined;
  const parts = join.Values.map((v) => (typeof v === 'number' || typeof v === 'boolean' ? String(v) : literal(v, context)));
  return parts.every((p) => p !== undefined) ? parts.join(join.On) : undefined;
}

export interface UploadDeps {
  readonly store: MetadataStore;
  /** The artifact store the runs keep their outputs in (read through it, never as a store of its own). */
  readonly artifacts: ArtifactStore;
  readonly storeOptions: () => StoreOptions;
  readonly stagingDir: string;
}

/**
 * The uploads of the executions running here, one chain per run, in the order steps finish. An
 * execution whose run has ended is still `Executing` while its uploads go on (SageMaker's step
 * ends once its outputs are uploaded); a failed upload fails the execution, naming the output.
 */
export class ExecutionUploads {
  private readonly chains = new Map<string, Promise<void>>();
  private readonly failures = new Map<string, string>();
  private readonly finishing = new Set<Promise<void>>();

  constructor(private readonly deps: UploadDeps) {}

  /** A reporter for the run that uploads each step's outputs when the step succeeds. */
  reporter(destinations: (runId: string) => OutputDestinations): RunReporter {
    let runId: string | undefined;
    return (event) => {
      if (event.type === 'run-started') runId = event.runId;
      if (event.type !== 'step-finished' || event.status !== 'succeeded' || runId === undefined) return;
      const id = runId;
      const previous = this.chains.get(id) ?? Promise.resolve();
      const next = previous.then(() =>
        uploadStepOutputs(id, event.step, destinations(id), this.deps).catch((err: Error) => {
          if (!this.failures.has(id)) this.failures.set(id, `Step "${event.step}": ${err.message}`);
        }),
      );
      this.chains.set(id, next);
    };
  }

  /** Waits for every upload under way (the server is stopping). */
  async drain(): Promise<void> {
    await Promise.all([...this.finishing]);
  }

  /** Whether outputs of the run are still being uploaded. */
  pending(runId: string): boolean {
    return this.chains.has(runId);
  }

  /**
   * Once the run has ended (`done`), waits for its uploads; a failed one is recorded as the run's
   * failure, so the execution is `Failed` with that reason.
   */
  finish(runId: string, done: Promise<unknown>): Promise<void> {
    const finished = this.settle(runId, done);
    this.finishing.add(finished);
    void finished.finally(() => this.finishing.delete(finished));
    return finished;
  }

  private async settle(runId: string, done: Promise<unknown>): Promise<void> {
    await done;
    await this.chains.get(runId);
    const failure = this.failures.get(runId);
    this.failures.delete(runId);
    if (failure) {
      const run = await this.deps.store.getRun(runId);
      if (run?.status === 'succeeded') await this.deps.store.updateRun(runId, { status: 'failed', error: failure });
    }
    this.chains.delete(runId);
  }
}

/**
 * Copies a finished step's output artifacts to their destinations; `stagingDir` holds the files
 * in between. Rejects with a message naming the output and the destination.
 */
export async function uploadStepOutputs(
  runId: string,
  step: string,
  destinations: OutputDestinations,
  deps: UploadDeps,
): Promise<void> {
  const targets = destinations.get(step);
  if (!targets) return;
  for (const artifact of await deps.store.listArtifacts(runId, step)) {
    const to = targets.get(artifact.name);
    if (to === undefined) continue;
    await mkdir(deps.stagingDir, { recursive: true });
    const temp = await mkdtemp(join(deps.stagingDir, 'upload-'));
    try {
      // A destination is a folder (SageMaker's S3Uri prefix), never one object's key.
      const target = await objectIn(to.endsWith('/') ? to : `${to}/`, deps.storeOptions());
      await downloadPrefix(deps.artifacts, keyOf(deps.artifacts, artifact.uri), temp);
      await uploadDir(target.store, temp, target.key.replace(/\/+$/, ''));
    } catch (err) {
      throw new Error(`its output "${artifact.name}" could not be uploaded to ${to}: ${(err as Error).message}`);
    } finally {
      await rm(temp, { recursive: true, force: true });
    }
  }
}
