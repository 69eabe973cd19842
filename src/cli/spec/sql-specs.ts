/** `godwit sql`: run SQL on a configured warehouse (the embedded DuckDB file by default). */
import { defineVerb } from './command-spec.js';

export const sqlOptions = {
  warehouse: {
    type: 'string',
    short: 'w',
    value: 'NAME',
    summary: 'A warehouse from the configuration (default: defaultWarehouse, else the embedded DuckDB "default").',
  },
  dialect: {
    type: 'string',
    value: 'DIALECT',
    choices: ['duckdb', 'postgres', 'redshift', 'bigquery'],
    summary: "The SQL's dialect, when it is not the warehouse's own (Redshift or BigQuery SQL on DuckDB).",
  },
  file: { type: 'string', short: 'f', value: 'FILE', summary: 'Read the SQL from FILE (statements separated by ";").' },
  param: {
    type: 'string',
    short: 'p',
    multiple: true,
    value: 'NAME=VALUE',
    summary: 'Bind a named parameter ($NAME in DuckDB, :NAME in PostgreSQL and Redshift, @NAME in BigQuery), as text.',
  },
  as: {
    type: 'string',
    value: 'PRINCIPAL',
    summary:
      "Run as a principal: each table reads as the principal's view (its grants and data filters); refusals are E_ACCESS_DENIED.",
  },
  server: {
    type: 'string',
    value: 'URL',
    summary:
      "Run on a Godwit server's query API (POST /api/v1/query) as the token's principal, through its views; prints the last statement's rows.",
  },
  token: { type: 'string', value: 'TOKEN', summary: 'The bearer token for --server (default: GODWIT_TOKEN).' },
  'max-rows': { type: 'string', value: 'N', summary: 'With --server: at most N rows come back (default 1000, at most 10000).' },
  json: { type: 'boolean', summary: 'Machine-readable output: every statement with its columns, rows and cost.' },
} as const;

export const sqlSpec = defineVerb({
  name: 'sql',
  summary: 'Run SQL on a warehouse and print the rows and what it cost',
  args: [{ name: 'SQL', optional: true }],
  options: sqlOptions,
  description: `Runs the statements in order, each in its own transaction, and prints each query's rows as a
table (or --json). The cost signals (duration, rows, bytes scanned and written, files written) go
to stderr after each statement. Parameter values are bound, never pasted into the SQL text.`,
  examples: [
    'godwit sql "select 42 as answer"',
    'godwit sql -f transform.sql --param since=2026-01-01',
    'godwit sql --warehouse analytics "select count(*) from events" --json',
    'godwit sql --as ana "select * from churn.customers"',
    'godwit sql --server http://10.0.0.5:4600 --token $GODWIT_TOKEN "select * from churn.customers"',
  ],
  load: async () => (await import('../commands/sql-run.js')).sqlRun,
});
