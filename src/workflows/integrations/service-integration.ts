import type { Json } from '../asl/asl-types.js';
import type { Delivery, TaskCall, TaskIntegration } from '../engine/task-integration.js';
import { resourceKey, type ServiceResource, serviceResource } from './resource-arn.js';

/** One service API a Task may call, with the pattern suffixes it takes ('' is request-response). */
export interface ServiceAction {
  readonly suffixes: readonly string[];
  readonly delivery: Delivery;
  invoke(call: TaskCall, resource: ServiceResource): Promise<Json>;
}

/**
 * An integration serving a table of `service:action` (or `aws-sdk:service:action`) keys: a
 * resource is served when its key is in the table and its suffix is one the action takes, so
 * `sagemaker:createModel.sync` is unmapped as it is on AWS.
 */
export class ServiceIntegration implements TaskIntegration {
  constructor(
    readonly name: string,
    private readonly actions: Readonly<Record<string, ServiceAction>>,
  ) {}

  supports(resource: string): boolean {
    return this.find(resource) !== undefined;
  }

  delivery(resource: string): Delivery {
    return this.find(resource)?.action.delivery ?? 'at-least-once';
  }

  invoke(call: TaskCall): Promise<Json> {
    const found = this.find(call.resource);
    if (!found) throw new Error(`${this.name} does not serve ${call.resource}; check() should have refused it.`);
    return found.action.invoke(call, found.resource);
  }

  /** Every resource this integration serves, as `arn:aws:states:::…` (for the unmapped-resource hint). */
  resources(): string[] {
    return Object.entries(this.actions).flatMap(([key, a]) => a.suffixes.map((s) => `arn:aws:states:::${key}${s}`));
  }

  private find(resource: string): { action: ServiceAction; resource: ServiceResource } | undefined {
    const parsed = serviceResource(resource);
    if (!parsed) return undefined;
    const key = resourceKey({ ...parsed, suffix: '' });
    const action = Object.hasOwn(this.actions, key) ? this.actions[key] : undefined;
    return action?.suffixes.includes(parsed.suffix) ? { action, resource: parsed } : undefined;
  }
}
