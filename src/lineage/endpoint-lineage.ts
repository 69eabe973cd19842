import { arn, DEFAULT_REGION } from '../core/arns.js';
import type { SqlDatabase } from '../db/sql-database.js';
import type { EndpointConfigRecord, ModelRecord } from '../endpoints/endpoint-records.js';
import { toConfig, toModel } from '../endpoints/endpoint-rows.js';
import { artifactEntity, edge, knownDigest } from './catalog-entities.js';
import { entityName, lineageNames } from './lineage-names.js';
import type { LineageAssociationInput, LineageEntityInput, LineageWrite } from './lineage-records.js';
import { recordLineage } from './record-lineage.js';

const PACKAGE_ARN = /^arn:aws[a-z-]*:sagemaker:[a-z0-9-]*:\d{12}:model-package\/([^/]+)\/(\d+)$/;

/**
 * An endpoint config put on an endpoint (CreateEndpoint, UpdateEndpoint; docs/lineage.md,
 * "Endpoint"):
 *
 *   ModelDeployment (endpoint, config) ─AssociatedWith→ Endpoint
 *   each variant's model data (Model), model package (ModelPackage), image (Image) ─ContributedTo→ ModelDeployment
 *
 * Production and shadow variants alike. A container's model data is keyed by the digest Godwit
 * recorded for it (the package's, else the run artifact's at that URI), so an endpoint serving a
 * run's model folder or a registered version hangs below the same model node. The config and its
 * models are read in `db` (the writer's transaction); a config deleted since (a backfill) gives
 * the deployment without its models.
 */
export async function deploymentLineage(
  db: SqlDatabase,
  endpoint: { readonly name: string; readonly createdAt: Date },
  configName: string,
  at: Date,
): Promise<LineageWrite> {
  const context: LineageEntityInput = {
    arn: lineageNames.endpoint(endpoint.name),
    kind: 'Context',
    name: entityName(endpoint.name, 'endpoint'),
    displayName: endpoint.name,
    type: 'Endpoint',
    sourceUri: arn('sagemaker', DEFAULT_REGION, `endpoint/${endpoint.name}`),
    createdAt: endpoint.createdAt,
  };
  const deployment: LineageEntityInput = {
    arn: lineageNames.deployment(endpoint.name, configName),
    kind: 'Action',
    name: entityName(endpoint.name, configName, 'deployment'),
    displayName: `${endpoint.name} ← ${configName}`,
    type: 'ModelDeployment',
    sourceUri: arn('sagemaker', DEFAULT_REGION, `endpoint-config/${configName}`),
    properties: { endpoint: endpoint.name, endpointConfig: configName },
    createdAt: at,
  };
  const entities: LineageEntityInput[] = [context, deployment];
  const associations: LineageAssociationInput[] = [edge(deployment.arn, context.arn, 'AssociatedWith')];
  const [row] = await db.query('SELECT * FROM endpoint_configs WHERE name = ?', [configName]);
  const config: EndpointConfigRecord | undefined = row && toConfig(row);
  for (const variant of config ? [...config.productionVariants, ...config.shadowVariants] : []) {
    const [m] = await db.query('SELECT * FROM endpoint_models WHERE name = ?', [variant.modelName]);
    if (!m) continue;
    for (const used of await modelInputs(db, toModel(m), at)) {
      if (!entities.some((e) => e.arn === used.arn)) entities.push(used);
      associations.push(edge(used.arn, deployment.arn, 'ContributedTo'));
    }
  }
  return { entities, associations: dedupe(associations) };
}

/**
 * What a SageMaker model's containers bring: model data, image, and the package they were
 * resolved from (its node is the registry's; only the edge is written here).
 */
export async function modelInputs(db: SqlDatabase, model: ModelRecord, at: Date): Promise<LineageEntityInput[]> {
  const out: LineageEntityInput[] = [];
  for (const c of model.containers) {
    if (c.modelDataUrl !== undefined) {
      const digest = (await packageDigest(db, c.modelPackageName)) ?? (await knownDigest(db, c.modelDataUrl));
      out.push(artifactEntity('Model', c.modelDataUrl, digest, { createdAt: at }));
    }
    if (c.image !== undefined) out.push(artifactEntity('Image', c.image, undefined, { createdAt: at }));
    if (c.modelPackageName !== undefined && PACKAGE_ARN.test(c.modelPackageName)) {
      // The registry's node, spelt as registry-lineage.ts spells it; recording it again only merges.
      const [, group, version] = PACKAGE_ARN.exec(c.modelPackageName) as RegExpExecArray;
      out.push({
        ...artifactEntity('ModelPackage', c.modelPackageName, undefined, { createdAt: at }),
        arn: lineageNames.modelPackage(c.modelPackageName),
        displayName: `${group}/${version}`,
      });
    }
  }
  return out;
}

async function packageDigest(db: SqlDatabase, packageArn: string | undefined): Promise<string | undefined> {
  const m = packageArn === undefined ? null : PACKAGE_ARN.exec(packageArn);
  if (!m) return undefined;
  const [row] = await db.query<{ d: string | null }>(
    'SELECT model_sha256 AS d FROM model_packages WHERE group_name = ? AND version = ?',
    [m[1], Number(m[2])],
  );
  return row?.d ?? undefined;
}

function dedupe(edges: LineageAssociationInput[]): LineageAssociationInput[] {
  const seen = new Set<string>();
  return edges.filter((e) => !seen.has(`${e.sourceArn}\n${e.destinationArn}`) && seen.add(`${e.sourceArn}\n${e.destinationArn}`));
}

/** The endpoints catalog's call line, inside its transaction (loaded on demand). */
export async function recordDeployment(
  tx: SqlDatabase,
  endpoint: { readonly name: string; readonly createdAt: Date },
  configName: string,
  now: Date,
): Promise<void> {
  await recordLineage(tx, await deploymentLineage(tx, endpoint, configName, now), now);
}
