/**
 * The warehouses a run's sql steps use, opened on first use and shared by every step of the run
 * (one DuckDB file may be opened by one process at a time, and a connection per step would cost
 * a connect each). `close()` releases them all when the run's services close.
 */
import type { Warehouse } from '../warehouse/warehouse.js';

export interface Warehouses {
  /** The warehouse named `name`, or the configuration's default when `name` is undefined. */
  open(name: string | undefined): Promise<Warehouse>;
  close(): Promise<void>;
}

/** Warehouses opened through `opener` (which resolves a name against the configuration), each once. */
export function runWarehouses(opener: (name: string | undefined) => Promise<Warehouse>): Warehouses {
  const open = new Map<string, Promise<Warehouse>>();
  return {
    open(name) {
      const key = name ?? '';
      let wh = open.get(key);
      if (!wh) {
        wh = opener(name);
        open.set(key, wh);
        // A failed open is not kept: the next step (or a retry) tries again.
        wh.catch(() => open.delete(key));
      }
      return wh;
    },
    async close() {
      const all = [...open.values()];
      open.clear();
      for (const wh of await Promise.allSettled(all)) if (wh.status === 'fulfilled') await wh.value.close();
    },
  };
}
