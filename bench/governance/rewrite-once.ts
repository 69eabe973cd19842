/** One rewrite in a fresh process: the whole-process figure of bench/governance/filtered-select.ts. */
import { enforce } from '../../src/governance/enforce/enforce.js';
import { ana, catalog } from './bench-catalog.js';

const { sql } = await enforce(
  'SELECT plan, count(*) FROM churn.customers c WHERE c.spend > 100 GROUP BY plan',
  'duckdb',
  ana,
  catalog,
);
process.stdout.write(`${sql}\n`);
