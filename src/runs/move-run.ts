import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GodwitError } from '../core/errors.js';
import { artifactArn, artifactId, sha256Digest } from '../lineage/lineage-names.js';
import type { LineageEntityInput, LineageWrite } from '../lineage/lineage-records.js';
import type { Metadata } from '../meta/index.js';
import type { ArtifactRecord } from '../meta/metadata-store.js';
import { effectiveStatus, requireRun } from '../meta/run-status.js';
import type { ArtifactType } from '../pipeline/ir.js';
import type { ArtifactStore } from '../store/artifact-store.js';
import { joinKey, type StoreOptions, storeForUri } from '../store/index.js';
import { mapLimit } from '../store/map-limit.js';

/** What `godwit runs move` is asked. */
export interface MoveRunRequest {
  readonly runId: string;
  /** The root of the destination store (`s3://bucket/prefix`, `gs://…`, `file:///…`, a folder). */
  readonly to: string;
  readonly dryRun?: boolean;
  /** Options for opening these URIs' stores (the CLI reaches `s3://` through its settings or the home's server). */
  readonly storeOptions: (uris: readonly string[]) => Promise<StoreOptions>;
}

export interface ArtifactMove {
  readonly step: string;
  readonly name: string;
  readonly type: ArtifactType;
  readonly from: string;
  readonly to: string;
  readonly files: number;
  readonly size: number;
  /** `moved`; `planned` on a dry run; `in-place` when it is at the destination already. */
  readonly state: 'moved' | 'planned' | 'in-place';
}

export interface MoveRunReport {
  readonly runId: string;
  readonly to: string;
  readonly dryRun: boolean;
  readonly artifacts: readonly ArtifactMove[];
}

/** The lineage type of a run's artifact, as the runs' lineage writer records it (docs/lineage.md). */
const LINEAGE_TYPE: Record<ArtifactType, string> = { dataset: 'DataSet', model: 'Model', metrics: 'Metrics', fileset: 'FileSet' };

/**
 * Moves a run's artifacts to another store, laid out as a run writes them (`<to>/runs/<run>/<step>/<name>/`):
 * every file is copied and checked against the SHA-256 the run recorded for it (read back from the
 * destination), and only when all are there are the artifact records pointed at the new URIs, in one
 * transaction with the lineage that keeps history whole: old artifact --SameAs--> new artifact, the
 * same digest at its new place. A failed copy changes no record. The old copies stay where they are
 * (models registered from them, cached runs and lineage may still name them); `godwit gc` removes
 * what nothing needs.
 */
export async function moveRun(metadata: Metadata, home: string, request: MoveRunRequest): Promise<MoveRunReport> {
  const run = await requireRun(metadata.store, home, request.runId);
  if (!request.dryRun && effectiveStatus(run) === 'running') {
    throw new GodwitError(
      'E_RUN_IN_PROGRESS',
      `Run ${run.id} is still running (pid ${run.pid} on ${run.host}); its artifacts are still being written.`,
      {
        hint: 'Wait for it to finish (godwit runs show), or stop it, then move it.',
      },
    );
  }
  const artifacts = await metadata.store.listArtifacts(run.id);
  const options = await request.storeOptions([request.to, ...artifacts.map((a) => a.uri)]);
  const destination = await storeForUri(request.to, options);
  const plan = artifacts.map((a) => {
    const prefix = `runs/${run.id}/${a.step}/${a.name}`;
    return { artifact: a, prefix, uri: `${destination.uri(prefix)}/` };
  });
  const state = (p: (typeof plan)[number]) => (p.uri === p.artifact.uri ? 'in-place' : request.dryRun ? 'planned' : 'moved');
  const report = (): MoveRunReport => ({
    runId: run.id,
    // A store names keys only, never its root: the root is what precedes `runs`.
    to: destination.uri('runs').slice(0, -'runs'.length),
    dryRun: request.dryRun === true,
    artifacts: plan.map((p) => ({
      step: p.artifact.step,
      name: p.artifact.name,
      type: p.artifact.type,
      from: p.artifact.uri,
      to: p.uri,
      files: p.artifact.files.length,
      size: p.artifact.size,
      state: state(p),
    })),
  });
  const moving = plan.filter((p) => state(p) === 'moved');
  if (request.dryRun || moving.length === 0) return report();

  const temp = await mkdtemp(join(tmpdir(), 'godwit-move-'));
  try {
    for (const p of moving)
      await copyArtifact(p.artifact, await storeForUri(p.artifact.uri, options), destination, p.prefix, temp);
  } catch (err) {
    if (!(err instanceof GodwitError) || /No record was changed/.test(err.message)) throw err;
    throw new GodwitError(err.code, `${err.message.replace(/\.?$/, '.')} Moving ${run.id} stopped: No record was changed.`, {
      hint: err.hint,
      cause: err,
    });
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
  const moves = moving.map((p) => ({ step: p.artifact.step, name: p.artifact.name, uri: p.uri }));
  await metadata.store.relocateArtifacts(run.id, moves, await sameAs(metadata, moving));
  return report();
}

/**
 * Copies each file of the artifact through a local temporary file: read (the source store checks
 * its own digest), compared with the SHA-256 the run recorded, written, then read back from the
 * destination and compared again.
 */
async function copyArtifact(
  a: ArtifactRecord,
  source: ArtifactStore,
  destination: ArtifactStore,
  prefix: string,
  temp: string,
): Promise<void> {
  const mismatch = (where: string, found: string, path: string) =>
    new GodwitError(
      'E_CHECKSUM',
      `${where} of ${path} (artifact "${a.name}" of step "${a.step}") has SHA-256 ${found}, but the run recorded ${a.files.find((f) => f.path === path)?.sha256}. No record was changed.`,
      { hint: `Check ${a.uri}${path}: the file changed after the run wrote it. Files copied so far are left for godwit gc.` },
    );
  await mapLimit(a.files, 8, async (f, i) => {
    const local = join(temp, `${a.step}-${a.name}-${i}`);
    const read = await source.getToFile(f.path, local);
    if (read.sha256 !== f.sha256) throw mismatch('The source copy', read.sha256, f.path);
    const key = joinKey(prefix, f.path);
    await destination.putFile(key, local);
    const written = await destination.verify(key);
    if (written.sha256 !== f.sha256) throw mismatch(`The copy at ${destination.uri(key)}`, written.sha256, f.path);
    await rm(local, { force: true });
  });
}

/** old artifact --SameAs--> new artifact for each move, the old node recorded too if lineage lacks it. */
async function sameAs(metadata: Metadata, moving: readonly { artifact: ArtifactRecord; uri: string }[]): Promise<LineageWrite> {
  const entities: LineageEntityInput[] = [];
  const associations: LineageWrite['associations'][number][] = [];
  for (const { artifact: a, uri } of moving) {
    const digest = sha256Digest(a.sha256);
    const oldArn = artifactArn(a.uri, digest);
    const old = await metadata.lineage.get(oldArn);
    const type = old?.type ?? LINEAGE_TYPE[a.type];
    if (!old) entities.push({ arn: oldArn, kind: 'Artifact', name: artifactId(a.uri, digest), type, sourceUri: a.uri, digest });
    const newArn = artifactArn(uri, digest);
    entities.push({
      arn: newArn,
      kind: 'Artifact',
      name: artifactId(uri, digest),
      type,
      sourceUri: uri,
      digest,
      properties: { movedFrom: a.uri },
    });
    associations.push({ sourceArn: oldArn, destinationArn: newArn, type: 'SameAs' });
  }
  return { entities, associations };
}
