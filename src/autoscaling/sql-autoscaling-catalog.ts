import { randomBytes, randomUUID } from 'node:crypto';
import { arn, DEFAULT_REGION } from '../core/arns.js';
import type { Clock } from '../core/clock.js';
import type { SqlDatabase } from '../db/sql-database.js';
import { publishEvent } from '../events/event-outbox.js';
import { policyNotFound, targetNotFound } from './autoscaling-errors.js';
import { activityStateChange } from './scaling-events.js';
import type {
  ActivityStatus,
  AutoscalingCatalog,
  NewPolicy,
  PolicyFilter,
  ScalableTarget,
  ScalingActivity,
  ScalingPolicy,
  TargetFilter,
  TargetKey,
} from './scaling-records.js';
import { configurationOf, inList, KEY_MATCH, keyValues, toActivity, toPolicy, toTarget } from './scaling-rows.js';

/** The autoscaling capability over the database seam; the same SQL on SQLite and PostgreSQL. */
export class SqlAutoscalingCatalog implements AutoscalingCatalog {
  constructor(
    private readonly db: SqlDatabase,
    private readonly clock: Clock,
  ) {}

  async putTarget(target: Omit<ScalableTarget, 'arn' | 'createdAt'>) {
    return this.db.transaction(async (tx) => {
      const [row] = await tx.query(`SELECT * FROM scalable_targets WHERE ${KEY_MATCH}`, keyValues(target));
      const before = row && toTarget(row);
      const record: ScalableTarget = {
        ...target,
        arn: before?.arn ?? arn('application-autoscaling', DEFAULT_REGION, `scalable-target/${randomBytes(18).toString('hex')}`),
        createdAt: before?.createdAt ?? this.clock.now(),
      };
      const values = [record.minCapacity, record.maxCapacity, record.roleArn, JSON.stringify(record.suspended)];
      if (before) {
        await tx.run(
          `UPDATE scalable_targets SET min_capacity = ?, max_capacity = ?, role_arn = ?, suspended = ? WHERE ${KEY_MATCH}`,
          [...values, ...keyValues(record)],
        );
      } else {
        await tx.run(
          `INSERT INTO scalable_targets (service_namespace, resource_id, scalable_dimension, arn, min_capacity, max_capacity,
           role_arn, suspended, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          [...keyValues(record), record.arn, ...values, record.createdAt.toISOString()],
        );
      }
      return { target: record, created: !before };
    });
  }

  async getTarget(key: TargetKey) {
    const [row] = await this.db.query(`SELECT * FROM scalable_targets WHERE ${KEY_MATCH}`, keyValues(key));
    return row && toTarget(row);
  }

  async listTargets(filter: TargetFilter) {
    const ids = inList('resource_id', filter.resourceIds);
    const dimension = filter.scalableDimension === undefined ? '' : ' AND scalable_dimension = ?';
    const rows = await this.db.query(
      `SELECT * FROM scalable_targets WHERE service_namespace = ?${ids.sql}${dimension} ORDER BY resource_id, scalable_dimension`,
      [filter.serviceNamespace, ...ids.params, ...(filter.scalableDimension === undefined ? [] : [filter.scalableDimension])],
    );
    return rows.map(toTarget);
  }

  async deleteTarget(key: TargetKey) {
    return this.db.transaction(async (tx) => {
      const policies = (await tx.query(`SELECT * FROM scaling_policies WHERE ${KEY_MATCH} ORDER BY name`, keyValues(key))).map(
        toPolicy,
      );
      const { changes } = await tx.run(`DELETE FROM scalable_targets WHERE ${KEY_MATCH}`, keyValues(key));
      if (changes === 0) throw targetNotFound(key);
      await tx.run(`DELETE FROM scaling_policies WHERE ${KEY_MATCH}`, keyValues(key));
      return policies;
    });
  }

  async putPolicy(policy: NewPolicy): Promise<ScalingPolicy> {
    return this.db.transaction(async (tx) => {
      const [target] = await tx.query(`SELECT arn FROM scalable_targets WHERE ${KEY_MATCH}`, keyValues(policy));
      if (!target) throw targetNotFound(policy);
      const [row] = await tx.query(`SELECT created_at FROM scaling_policies WHERE ${KEY_MATCH} AND name = ?`, [
        ...keyValues(policy),
        policy.name,
      ]);
      const createdAt = row ? new Date(row.created_at as string) : this.clock.now();
      await tx.run(
        `INSERT INTO scaling_policies (service_namespace, resource_id, scalable_dimension, name, arn, policy_type,
         configuration, alarms, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (service_namespace, resource_id, scalable_dimension, name) DO UPDATE SET
         arn = excluded.arn, policy_type = excluded.policy_type, configuration = excluded.configuration, alarms = excluded.alarms`,
        [
          ...keyValues(policy),
          policy.name,
          policy.arn,
          policy.type,
          configurationOf(policy),
          JSON.stringify(policy.alarms),
          createdAt.toISOString(),
        ],
      );
      return { ...policy, createdAt } as ScalingPolicy;
    });
  }

  async getPolicy(key: TargetKey, name: string) {
    const [row] = await this.db.query(`SELECT * FROM scaling_policies WHERE ${KEY_MATCH} AND name = ?`, [
      ...keyValues(key),
      name,
    ]);
    return row && toPolicy(row);
  }

  async listPolicies(filter: PolicyFilter) {
    const ids = inList('resource_id', filter.resourceIds);
    const names = inList('name', filter.policyNames);
    const dimension = filter.scalableDimension === undefined ? '' : ' AND scalable_dimension = ?';
    const rows = await this.db.query(
      `SELECT * FROM scaling_policies WHERE service_namespace = ?${ids.sql}${names.sql}${dimension} ORDER BY resource_id, name`,
      [
        filter.serviceNamespace,
        ...ids.params,
        ...names.params,
        ...(filter.scalableDimension === undefined ? [] : [filter.scalableDimension]),
      ],
    );
    return rows.map(toPolicy);
  }

  async deletePolicy(key: TargetKey, name: string) {
    return this.db.transaction(async (tx) => {
      const [row] = await tx.query(`SELECT * FROM scaling_policies WHERE ${KEY_MATCH} AND name = ?`, [...keyValues(key), name]);
      if (!row) throw policyNotFound(key, name);
      await tx.run(`DELETE FROM scaling_policies WHERE ${KEY_MATCH} AND name = ?`, [...keyValues(key), name]);
      return toPolicy(row);
    });
  }

  async startActivity(activity: Omit<ScalingActivity, 'activityId' | 'startTime'>) {
    const record: ScalingActivity = { ...activity, activityId: randomUUID(), startTime: this.clock.now() };
    return this.db.transaction(async (tx) => {
      await tx.run(
        `INSERT INTO scaling_activities (activity_id, service_namespace, resource_id, scalable_dimension, description, cause,
         status_code, status_message, start_time, end_time, from_capacity, to_capacity, policy_name)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [
          record.activityId,
          ...keyValues(record),
          record.description,
          record.cause,
          record.statusCode,
          record.statusMessage ?? null,
          record.startTime.toISOString(),
          record.endTime?.toISOString() ?? null,
          record.fromCapacity,
          record.toCapacity,
          record.policyName ?? null,
        ],
      );
      await publishEvent(tx, activityStateChange(record, await this.targetIn(tx, record)));
      return record;
    });
  }

  async finishActivity(activityId: string, status: ActivityStatus, statusMessage?: string) {
    const end = this.clock.now().toISOString();
    return this.db.transaction(async (tx) => {
      await tx.run('UPDATE scaling_activities SET status_code = ?, status_message = ?, end_time = ? WHERE activity_id = ?', [
        status,
        statusMessage ?? null,
        end,
        activityId,
      ]);
      const [row] = await tx.query('SELECT * FROM scaling_activities WHERE activity_id = ?', [activityId]);
      const record = toActivity(row);
      await publishEvent(tx, activityStateChange(record, await this.targetIn(tx, record)));
      return record;
    });
  }

  async listActivities(filter: TargetFilter & { readonly statusCodes?: readonly ActivityStatus[] }) {
    const ids = inList('resource_id', filter.resourceIds);
    const codes = inList('status_code', filter.statusCodes);
    const dimension = filter.scalableDimension === undefined ? '' : ' AND scalable_dimension = ?';
    const rows = await this.db.query(
      `SELECT * FROM scaling_activities WHERE service_namespace = ?${ids.sql}${codes.sql}${dimension}
       ORDER BY start_time DESC, activity_id`,
      [
        filter.serviceNamespace,
        ...ids.params,
        ...codes.params,
        ...(filter.scalableDimension === undefined ? [] : [filter.scalableDimension]),
      ],
    );
    return rows.map(toActivity);
  }

  private async targetIn(tx: SqlDatabase, key: TargetKey): Promise<ScalableTarget | undefined> {
    const [row] = await tx.query(`SELECT * FROM scalable_targets WHERE ${KEY_MATCH}`, keyValues(key));
    return row && toTarget(row);
  }
}
