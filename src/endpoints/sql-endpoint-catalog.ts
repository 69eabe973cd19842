import type { Clock } from '../core/clock.js';
import { GodwitError } from '../core/errors.js';
import type { SqlDatabase } from '../db/sql-database.js';
import { endpointStateChange } from '../events/endpoint-events.js';
import type { NewEvent } from '../events/event-envelope.js';
import { publishEvent } from '../events/event-outbox.js';
import { recordDeployment } from '../lineage/endpoint-lineage.js';
import type { DeploymentConfig } from './deployment-config.js';
import { alreadyExists, inProgress, notFound } from './endpoint-errors.js';
import type {
  EndpointCatalog,
  EndpointConfigRecord,
  EndpointRecord,
  EndpointReport,
  ModelRecord,
  VariantChange,
  VariantState,
} from './endpoint-records.js';
import { ENDPOINT_SET, endpointValues, json, tidy, toConfig, toEndpoint, toModel, toRollout } from './endpoint-rows.js';
import type { RolloutProgress } from './rollout-records.js';
import { changedState } from './serverless-config.js';

/** Statuses an endpoint may be updated from, as in SageMaker. */
const UPDATABLE = new Set(['InService', 'Failed']);
/** Statuses in which an update is still under way: a report in one of them keeps the pending config. */
const UPDATING = new Set(['Updating', 'SystemUpdating', 'RollingBack']);

/** The endpoints capability over the database seam; the same SQL on SQLite and PostgreSQL. */
export class SqlEndpointCatalog implements EndpointCatalog {
  constructor(
    private readonly db: SqlDatabase,
    private readonly clock: Clock,
  ) {}

  async createModel(model: Omit<ModelRecord, 'createdAt'>): Promise<ModelRecord> {
    const record: ModelRecord = { ...model, createdAt: this.clock.now() };
    const { changes } = await this.db.run(
      `INSERT INTO endpoint_models (name, containers, execution_role_arn, inference_mode, tags, created_at)
       VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (name) DO NOTHING`,
      [
        record.name,
        json(record.containers),
        record.executionRoleArn ?? null,
        record.inferenceMode,
        json(record.tags),
        record.createdAt.toISOString(),
      ],
    );
    if (changes === 0) throw alreadyExists('model', record.name);
    return record;
  }

  async getModel(name: string) {
    const [row] = await this.db.query('SELECT * FROM endpoint_models WHERE name = ?', [name]);
    return row && toModel(row);
  }

  async listModels() {
    return (await this.db.query('SELECT * FROM endpoint_models ORDER BY created_at, name')).map(toModel);
  }

  async deleteModel(name: string) {
    const { changes } = await this.db.run('DELETE FROM endpoint_models WHERE name = ?', [name]);
    if (changes === 0) throw notFound('model', name);
  }

  async createEndpointConfig(config: Omit<EndpointConfigRecord, 'createdAt'>): Promise<EndpointConfigRecord> {
    const record: EndpointConfigRecord = { ...config, createdAt: this.clock.now() };
    return this.db.transaction(async (tx) => {
      // Every variant's model must exist when the config is made (SageMaker checks the same).
      for (const v of [...record.productionVariants, ...record.shadowVariants]) {
        const [row] = await tx.query('SELECT name FROM endpoint_models WHERE name = ?', [v.modelName]);
        if (!row) throw notFound('model', v.modelName);
      }
      const { changes } = await tx.run(
        `INSERT INTO endpoint_configs (name, production_variants, shadow_variants, data_capture, async_inference, tags, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (name) DO NOTHING`,
        [
          record.name,
          json(record.productionVariants),
          json(record.shadowVariants),
          json(record.dataCapture),
          json(record.asyncInference),
          json(record.tags),
          record.createdAt.toISOString(),
        ],
      );
      if (changes === 0) throw alreadyExists('endpoint configuration', record.name);
      return record;
    });
  }

  async getEndpointConfig(name: string) {
    const [row] = await this.db.query('SELECT * FROM endpoint_configs WHERE name = ?', [name]);
    return row && toConfig(row);
  }

  async listEndpointConfigs() {
    return (await this.db.query('SELECT * FROM endpoint_configs ORDER BY created_at, name')).map(toConfig);
  }

  async deleteEndpointConfig(name: string) {
    const { changes } = await this.db.run('DELETE FROM endpoint_configs WHERE name = ?', [name]);
    if (changes === 0) throw notFound('endpoint configuration', name);
  }

  async createEndpoint(
    name: string,
    configName: string,
    tags: EndpointRecord['tags'] = [],
    deploymentConfig?: DeploymentConfig,
  ): Promise<EndpointRecord> {
    return this.db.transaction(async (tx) => {
      const config = await configIn(tx, configName);
      const now = this.clock.now();
      const record: EndpointRecord = {
        name,
        configName,
        status: 'Creating',
        variants: [],
        ...(deploymentConfig !== undefined && { deploymentConfig }),
        tags,
        createdAt: now,
        lastModifiedAt: now,
        generation: await nextGeneration(tx),
      };
      const { changes } = await tx.run(
        `INSERT INTO endpoints (name, config_name, status, variants, tags, created_at, last_modified_at, generation, deployment_config)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (name) DO NOTHING`,
        [
          name,
          configName,
          'Creating',
          '[]',
          json(tags),
          now.toISOString(),
          now.toISOString(),
          record.generation,
          json(deploymentConfig),
        ],
      );
      // Throwing rolls the generation bump back with the rest of the transaction.
      if (changes === 0) throw alreadyExists('endpoint', name);
      await publishEvent(tx, endpointStateChange(record, config));
      await recordDeployment(tx, record, configName, now);
      return record;
    });
  }

  async getEndpoint(name: string) {
    return endpointIn(this.db, name);
  }

  async listEndpoints() {
    return (await this.db.query('SELECT * FROM endpoints ORDER BY created_at, name')).map(toEndpoint);
  }

  async updateEndpoint(name: string, configName: string, deploymentConfig?: DeploymentConfig): Promise<EndpointRecord> {
    return this.change(name, async (tx, current) => {
      if (!UPDATABLE.has(current.status)) throw inProgress(current);
      await configIn(tx, configName);
      await recordDeployment(tx, current, configName, this.clock.now());
      return {
        ...current,
        status: 'Updating',
        pendingConfigName: configName,
        failureReason: undefined,
        deploymentConfig: deploymentConfig ?? current.deploymentConfig,
      };
    });
  }

  async updateWeightsAndCapacities(name: string, changes: readonly VariantChange[]): Promise<EndpointRecord> {
    return this.change(name, async (tx, current) => {
      if (current.status !== 'InService') throw inProgress(current);
      const initial = await initialVariants(tx, current.configName);
      // Serverless limits come from the config until an update records them on the variant.
      const variants =
        current.variants.length > 0
          ? current.variants.map((v) => (v.serverless ? v : { ...v, ...serverlessOf(initial, v.variantName) }))
          : initial;
      const known = new Set(variants.map((v) => v.variantName));
      const unknown = changes.map((c) => c.variantName).filter((n) => !known.has(n));
      if (unknown.length > 0) {
        throw new GodwitError(
          'E_VARIANT_NOT_FOUND',
          `The variant name(s) "[${unknown.join(', ')}]" is/are not present in the endpoint "${name}".`,
          { hint: `Its variants: ${[...known].join(', ')}.` },
        );
      }
      const next = variants.map((v) => {
        const c = changes.find((x) => x.variantName === v.variantName);
        return c ? changedState(name, v, c) : v;
      });
      return { ...current, status: 'Updating', variants: next, failureReason: undefined };
    });
  }

  async reportEndpoint(name: string, report: EndpointReport): Promise<EndpointRecord> {
    return this.db.transaction(async (tx) => {
      const current = await endpointIn(tx, name);
      if (!current) throw notFound('endpoint', name);
      // A deleted endpoint stays deleted, and a report about an older generation is stale: the
      // desired state moved on while the host worked, and its next tick reconciles the new one.
      if (current.status === 'Deleting' && report.status !== 'Deleting') return current;
      if (report.generation !== undefined && report.generation !== current.generation) return current;
      const over = report.configName !== undefined || !UPDATING.has(report.status);
      const next: EndpointRecord = {
        ...current,
        status: report.status,
        failureReason: report.failureReason,
        configName: report.configName ?? current.configName,
        pendingConfigName: over ? undefined : current.pendingConfigName,
        variants: report.variants ?? current.variants,
      };
      const desiredMoved =
        next.configName !== current.configName ||
        next.pendingConfigName !== current.pendingConfigName ||
        JSON.stringify(next.variants) !== JSON.stringify(current.variants);
      if (!desiredMoved && next.status === current.status && next.failureReason === current.failureReason) return current;
      const written = tidy({
        ...next,
        lastModifiedAt: this.clock.now(),
        generation: desiredMoved ? await nextGeneration(tx) : current.generation,
      });
      await tx.run(ENDPOINT_SET, endpointValues(written));
      if (written.status !== current.status) await publishEvent(tx, endpointStateChange(written));
      return written;
    });
  }

  async deleteEndpoint(name: string): Promise<void> {
    const current = await endpointIn(this.db, name);
    if (current?.status === 'Deleting') return;
    await this.change(name, async (_tx, record) => ({ ...record, status: 'Deleting' }));
  }

  async forgetEndpoint(name: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const { changes } = await tx.run('DELETE FROM endpoints WHERE name = ?', [name]);
      await tx.run('DELETE FROM endpoint_rollouts WHERE endpoint_name = ?', [name]);
      if (changes > 0) await nextGeneration(tx);
    });
  }

  async generation(): Promise<number> {
    const [row] = await this.db.query('SELECT value FROM endpoint_generation WHERE id = 1');
    return Number(row.value);
  }

  async getRollout(name: string): Promise<RolloutProgress | undefined> {
    const [row] = await this.db.query('SELECT progress FROM endpoint_rollouts WHERE endpoint_name = ?', [name]);
    return row && toRollout(row);
  }

  async saveRollout(name: string, progress: RolloutProgress | undefined, events: readonly NewEvent[]): Promise<void> {
    await this.db.transaction(async (tx) => {
      if (progress === undefined) await tx.run('DELETE FROM endpoint_rollouts WHERE endpoint_name = ?', [name]);
      else
        await tx.run(
          `INSERT INTO endpoint_rollouts (endpoint_name, progress, updated_at) VALUES (?, ?, ?)
           ON CONFLICT (endpoint_name) DO UPDATE SET progress = excluded.progress, updated_at = excluded.updated_at`,
          [name, JSON.stringify(progress), this.clock.now().toISOString()],
        );
      for (const event of events) await publishEvent(tx, event);
    });
  }

  /** Reads the endpoint, lets `edit` derive the next desired state, writes it with a new generation. */
  private change(
    name: string,
    edit: (tx: SqlDatabase, current: EndpointRecord) => Promise<EndpointRecord>,
  ): Promise<EndpointRecord> {
    return this.db.transaction(async (tx) => {
      const current = await endpointIn(tx, name);
      if (!current) throw notFound('endpoint', name);
      const next = await edit(tx, current);
      const written = tidy({ ...next, lastModifiedAt: this.clock.now(), generation: await nextGeneration(tx) });
      await tx.run(ENDPOINT_SET, endpointValues(written));
      // SageMaker's "Endpoint State Change" is about EndpointStatus: a weight change while Updating publishes none.
      if (written.status !== current.status) await publishEvent(tx, endpointStateChange(written));
      return written;
    });
  }
}

/** Takes the counter's next value (its row lock, or SQLite's write lock, orders concurrent changes). */
async function nextGeneration(tx: SqlDatabase): Promise<number> {
  const [row] = await tx.query('UPDATE endpoint_generation SET value = value + 1 WHERE id = 1 RETURNING value');
  return Number(row.value);
}

async function endpointIn(db: SqlDatabase, name: string): Promise<EndpointRecord | undefined> {
  const [row] = await db.query('SELECT * FROM endpoints WHERE name = ?', [name]);
  return row && toEndpoint(row);
}

async function configIn(db: SqlDatabase, name: string): Promise<EndpointConfigRecord> {
  const [row] = await db.query('SELECT * FROM endpoint_configs WHERE name = ?', [name]);
  if (!row) throw notFound('endpoint configuration', name);
  return toConfig(row);
}

function serverlessOf(states: readonly VariantState[], variantName: string): Pick<VariantState, 'serverless'> {
  const serverless = states.find((s) => s.variantName === variantName)?.serverless;
  return serverless ? { serverless } : {};
}

async function initialVariants(db: SqlDatabase, configName: string): Promise<VariantState[]> {
  const config = await configIn(db, configName);
  return config.productionVariants.map((v) => ({
    variantName: v.variantName,
    weight: v.initialVariantWeight,
    instanceCount: v.initialInstanceCount,
    ...(v.serverless && { serverless: v.serverless }),
  }));
}
