import { lineageNames } from '../lineage/lineage-names.js';
import type { LineageAssociation, LineageEntity } from '../lineage/lineage-records.js';
import type { RunDeletion } from '../meta/metadata-store.js';
import type { ModelMetrics } from '../registry/model-registry.js';
import type { Candidate } from './gc-candidates.js';
import type { GcContext } from './gc-context.js';
import { Needs } from './gc-locations.js';

/**
 * Everything that still needs a file, with the reason (docs/gc.md, "What gc keeps"):
 * 1. every registered model version: its model (`modelUri`), its metrics (`metricsUri`) and its
 *    ModelMetrics report files, whatever its approval status;
 * 2. every artifact record of a run that is not deleted (a cached step's records name the
 *    original run's files, so a deleted run's outputs that a live run reused stay);
 * 3. every SageMaker model's model data (`CreateModel`, a pipeline's model step);
 * 4. lineage: an artifact node whose SourceUri is the candidate (its prefix, or one of its
 *    objects) and that has an association, either way, with a live entity (`liveEnd`).
 */
export async function collectNeeds(
  ctx: GcContext,
  deletions: readonly RunDeletion[],
  candidates: readonly Candidate[],
): Promise<Needs> {
  const needs = new Needs();
  await registryNeeds(ctx, needs);
  for (const a of await ctx.metadata.store.listArtifactLocations('live')) needs.add(a.uri, `run ${a.runId} ${a.step}/${a.name}`);
  for (const model of await ctx.metadata.endpoints.listModels()) {
    for (const c of model.containers) if (c.modelDataUrl) needs.add(c.modelDataUrl, `SageMaker model ${model.name}`);
  }
  await lineageNeeds(ctx, needs, await deadEnds(ctx, deletions), candidates);
  return needs;
}

async function registryNeeds(ctx: GcContext, needs: Needs): Promise<void> {
  for (const group of await ctx.metadata.registry.listGroups()) {
    for (const v of await ctx.metadata.registry.listVersions(group.name)) {
      const name = `model ${v.group}/${v.version}`;
      needs.add(v.modelUri, `${name} (modelUri)`);
      if (v.metricsUri) needs.add(v.metricsUri, `${name} (metricsUri)`);
      for (const [kind, uri] of reportUris(v.modelMetrics)) needs.add(uri, `${name} (ModelMetrics ${kind})`);
    }
  }
}

/** The report files of a version's ModelMetrics, by kind (`modelQuality.statistics`, `bias.report`, …). */
export function reportUris(metrics: ModelMetrics | undefined): [string, string][] {
  const out: [string, string][] = [];
  for (const [section, sources] of Object.entries(metrics ?? {})) {
    for (const [name, source] of Object.entries((sources ?? {}) as Record<string, { uri?: string } | undefined>)) {
      if (source?.uri) out.push([`${section}.${name}`, source.uri]);
    }
  }
  return out;
}

/** Lineage nodes that keep nothing: the deleted runs' PipelineExecution contexts and step actions. */
async function deadEnds(ctx: GcContext, deletions: readonly RunDeletion[]): Promise<Set<string>> {
  const dead = new Set<string>();
  for (const d of deletions) for (const arn of await runArns(ctx, d.runId)) dead.add(arn);
  return dead;
}

/**
 * The other end of an association keeps an artifact when it is live: a model package (an
 * Artifact of type ModelPackage), or any action, context or trial component except a deleted
 * run's context and step actions. An edge to another data artifact (SameAs from a move,
 * DerivedFrom) keeps neither end: data is kept by what uses it, not by its copies.
 */
function liveEnd(end: LineageAssociation['source'], arn: string, dead: ReadonlySet<string>): boolean {
  if (!end) return false;
  if (end.kind === 'Artifact') return end.type === 'ModelPackage';
  return !dead.has(arn);
}

/**
 * An old copy a move replaced: its run's own context and steps keep it no more, as the run's
 * records (and the new node, `old --SameAs--> new`) now stand for it; anything else tied to the
 * old node (a deployment, a model package, another run that cached it) still does.
 */
async function lineageNeeds(
  ctx: GcContext,
  needs: Needs,
  dead: ReadonlySet<string>,
  candidates: readonly Candidate[],
): Promise<void> {
  const seen = new Set<string>();
  for (const c of candidates) {
    if (c.kind !== 'artifact') continue;
    const ends = c.reason === 'superseded' && c.runId ? new Set([...dead, ...(await runArns(ctx, c.runId))]) : dead;
    const uris = new Set([c.uri, c.uri.replace(/\/$/, ''), ...c.objects.map((o) => o.uri)]);
    for (const uri of uris) {
      for (const node of await ctx.metadata.lineage.find({ sourceUri: uri })) {
        if (node.kind !== 'Artifact' || seen.has(`${node.arn} ${c.uri}`)) continue;
        seen.add(`${node.arn} ${c.uri}`);
        for (const reason of await liveEdges(ctx, node, ends)) needs.add(uri, reason);
      }
    }
  }
}

/** A run's PipelineExecution context and its step actions. */
async function runArns(ctx: GcContext, runId: string): Promise<string[]> {
  const steps = await ctx.metadata.store.listSteps(runId);
  return [lineageNames.run(runId), ...steps.map((s) => lineageNames.step(runId, s.name))];
}

/** `lineage: <this> --Type--> <other type> <other arn>` for every association of the node with a live end. */
async function liveEdges(ctx: GcContext, node: LineageEntity, dead: ReadonlySet<string>): Promise<string[]> {
  const reasons: string[] = [];
  for (const side of ['sourceArn', 'destinationArn'] as const) {
    let nextToken: string | undefined;
    do {
      const page = await ctx.metadata.lineage.listAssociations({ [side]: node.arn, maxResults: 100, nextToken });
      for (const a of page.associations) {
        const outgoing = side === 'sourceArn';
        const [otherArn, other] = outgoing ? [a.destinationArn, a.destination] : [a.sourceArn, a.source];
        if (!liveEnd(other, otherArn, dead)) continue;
        reasons.push(
          outgoing
            ? `lineage: ${node.type} --${a.type}--> ${other?.type} ${otherArn}`
            : `lineage: ${other?.type} ${otherArn} --${a.type}--> ${node.type}`,
        );
      }
      nextToken = page.nextToken;
    } while (nextToken);
  }
  return reasons;
}
