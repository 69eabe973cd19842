import { join } from 'node:path';
import { systemClock } from '../../src/core/clock.js';
import { godwitHome } from '../../src/core/home.js';
import { openDatabase } from '../../src/db/open-database.js';
import type { SqlDatabase } from '../../src/db/sql-database.js';
import { openMetadata } from '../../src/meta/index.js';
import type { Pipeline } from '../../src/pipeline/dsl/index.js';
import { startRun } from '../../src/runtime/executor.js';
import { openLocalServices } from '../../src/runtime/local-services.js';
import { withWarehouses } from '../../src/runtime/run-warehouses.js';
import { objectIn } from '../../src/store/index.js';
import { openWarehouse } from '../../src/warehouse/index.js';
import { scratchDir } from '../helpers/scratch.js';

/**
 * A Godwit home on SQLite (`url` undefined) or on a PostgreSQL database, with the embedded
 * services (an embedded DuckDB warehouse for sql steps) running DSL pipelines as `godwit run` does.
 */
export async function lineageHome(url: string | undefined) {
  const root = scratchDir('godwit-catalogs-lineage-');
  const home = godwitHome(join(root, 'home'));
  const where = url ? { url } : {};
  let current: Pipeline | undefined;
  const local = await openLocalServices(
    home,
    async (step) => {
      const fn = current?.functions.get(step.handler.export);
      if (!fn) throw new Error(`no function ${step.handler.export}`);
      return fn;
    },
    systemClock,
    where,
  );
  const services = withWarehouses(local, (name) =>
    openWarehouse(name ?? 'default', { type: 'duckdb' }, { home: home.root, stores: (uri) => objectIn(uri) }),
  );
  return {
    root,
    home,
    services,
    metadata: services.metadata,
    run(p: Pipeline) {
      current = p;
      return startRun(p.ir, {}, { baseDir: root }, { services, concurrency: 2 });
    },
    /** The raw database, for what a test does behind the capabilities' backs (un-migrating). */
    raw(): Promise<SqlDatabase> {
      return openDatabase(url ? { url } : { file: home.metadataFile });
    },
    reopen() {
      return openMetadata(home, systemClock, where);
    },
    close: () => services.close(),
  };
}

/** Every lineage entity (but times) and association, in a stable order, for comparing two graphs. */
export async function graphOf(db: SqlDatabase) {
  const entities = await db.query(
    `SELECT arn, kind, name, display_name, type, source_uri, digest, source_id, status, description, properties
     FROM lineage_entities ORDER BY arn`,
  );
  const associations = await db.query(
    'SELECT source_arn, destination_arn, type FROM lineage_associations ORDER BY source_arn, destination_arn',
  );
  return {
    entities: entities.map((e) => ({ ...e, properties: e.properties ? JSON.parse(e.properties as string) : null })),
    associations,
  };
}
