import type { EndpointCatalog } from '../../endpoints/endpoint-records.js';

/** The catalog calls that change what should run; each wakes the host once it has been recorded. */
const CHANGES = ['createEndpoint', 'updateEndpoint', 'updateWeightsAndCapacities', 'deleteEndpoint'] as const;

/**
 * The endpoint catalog as the server's front doors see it: the same catalog, except that a change
 * of desired state made through this server wakes the host at once (`onChange`) instead of on its
 * next tick, so `CreateEndpoint` followed by `DescribeEndpoint` sees `InService` within the time it
 * takes to load the model. Changes made by other processes (the CLI) are still seen on the tick.
 */
export function notifyingCatalog(catalog: EndpointCatalog, onChange: () => void): EndpointCatalog {
  const wrapped: Record<string, unknown> = {};
  for (const name of CHANGES) {
    const method = catalog[name] as (...args: unknown[]) => Promise<unknown>;
    wrapped[name] = async (...args: unknown[]) => {
      const result = await method.apply(catalog, args);
      onChange();
      return result;
    };
  }
  // Every other call goes to the catalog itself, bound so its `this` is the catalog.
  return new Proxy(catalog, {
    get: (target, key, receiver) => {
      if (typeof key === 'string' && key in wrapped) return wrapped[key];
      const value = Reflect.get(target, key, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
