/**
 * The warehouses a run's sql steps use. A warehouse is opened when a step starts using it and
 * closed when no step uses it any more: steps running at the same time share one connection
 * (DuckDB lets one process hold a database file for writing), and between sql steps the file is
 * free for a processing step that runs `godwit sql` itself.
 */
import type { Warehouse } from '../warehouse/warehouse.js';

export interface Warehouses {
  /** Runs `work` on the warehouse named `name` (the configuration's default when undefined). */
  use<T>(name: string | undefined, work: (warehouse: Warehouse) => Promise<T>): Promise<T>;
  /** Closes what is still open (a stopped run's steps may not have released theirs). */
  close(): Promise<void>;
}

/** `services` with the warehouses `opener` opens, closed with them. */
export function withWarehouses<S extends { close(): Promise<void> }>(
  services: S,
  opener: (name: string | undefined) => Promise<Warehouse>,
): S & { warehouses: Warehouses } {
  const warehouses = runWarehouses(opener);
  return {
    ...services,
    warehouses,
    close: async () => {
      await warehouses.close();
      await services.close();
    },
  };
}

/** Warehouses opened through `opener` (which resolves a name against the configuration). */
export function runWarehouses(opener: (name: string | undefined) => Promise<Warehouse>): Warehouses {
  const open = new Map<string, { warehouse: Promise<Warehouse>; users: number }>();
  return {
    async use(name, work) {
      const key = name ?? '';
      let entry = open.get(key);
      if (!entry) {
        entry = { warehouse: opener(name), users: 0 };
        open.set(key, entry);
      }
      const current = entry;
      current.users++;
      try {
        return await work(await current.warehouse);
      } finally {
        if (--current.users === 0 && open.get(key) === current) {
          open.delete(key);
          await current.warehouse.then((wh) => wh.close()).catch(() => {});
        }
      }
    },
    async close() {
      const all = [...open.values()];
      open.clear();
      for (const e of all) await e.warehouse.then((wh) => wh.close()).catch(() => {});
    },
  };
}
