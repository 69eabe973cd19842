import type { SqlRow, SqlValue } from '../db/sql-database.js';
import type { EndpointConfigRecord, EndpointRecord, ModelRecord } from './endpoint-records.js';
import type { RolloutProgress } from './rollout-records.js';

/** Row ↔ record for the endpoints' tables: JSON text for nested fields, ISO text for times. */
export const json = (v: unknown): SqlValue => (v === undefined ? null : JSON.stringify(v));
const parsed = (v: unknown) => (v === null || v === undefined ? undefined : JSON.parse(v as string));
const optional = (v: unknown) => (v === null || v === undefined ? undefined : (v as string));

export function toModel(r: SqlRow): ModelRecord {
  return {
    name: r.name as string,
    containers: parsed(r.containers),
    ...(optional(r.execution_role_arn) !== undefined && { executionRoleArn: r.execution_role_arn as string }),
    inferenceMode: r.inference_mode as ModelRecord['inferenceMode'],
    tags: parsed(r.tags),
    createdAt: new Date(r.created_at as string),
  };
}

export function toConfig(r: SqlRow): EndpointConfigRecord {
  const capture = parsed(r.data_capture);
  return {
    name: r.name as string,
    productionVariants: parsed(r.production_variants),
    shadowVariants: parsed(r.shadow_variants),
    ...(capture !== undefined && { dataCapture: capture }),
    tags: parsed(r.tags),
    createdAt: new Date(r.created_at as string),
  };
}

export function toEndpoint(r: SqlRow): EndpointRecord {
  const pending = optional(r.pending_config_name);
  const reason = optional(r.failure_reason);
  const deployment = parsed(r.deployment_config);
  return {
    name: r.name as string,
    configName: r.config_name as string,
    ...(pending !== undefined && { pendingConfigName: pending }),
    status: r.status as EndpointRecord['status'],
    ...(reason !== undefined && { failureReason: reason }),
    variants: parsed(r.variants),
    ...(deployment !== undefined && { deploymentConfig: deployment }),
    tags: parsed(r.tags),
    createdAt: new Date(r.created_at as string),
    lastModifiedAt: new Date(r.last_modified_at as string),
    generation: Number(r.generation),
  };
}

/** The columns `UPDATE endpoints` writes, in `ENDPOINT_SET`'s order, then the name. */
export function endpointValues(e: EndpointRecord): SqlValue[] {
  return [
    e.configName,
    e.pendingConfigName ?? null,
    e.status,
    e.failureReason ?? null,
    json(e.variants),
    e.lastModifiedAt.toISOString(),
    e.generation,
    json(e.deploymentConfig),
    e.name,
  ];
}

export const ENDPOINT_SET = `UPDATE endpoints SET config_name = ?, pending_config_name = ?, status = ?, failure_reason = ?,
  variants = ?, last_modified_at = ?, generation = ?, deployment_config = ? WHERE name = ?`;

/** The record without keys set to undefined, as a read returns it (so records compare equal). */
export function tidy(e: EndpointRecord): EndpointRecord {
  return Object.fromEntries(Object.entries(e).filter(([, v]) => v !== undefined)) as unknown as EndpointRecord;
}

export function toRollout(r: SqlRow): RolloutProgress {
  const p = JSON.parse(r.progress as string);
  return { ...p, startedAt: new Date(p.startedAt), stepStartedAt: new Date(p.stepStartedAt) };
}
