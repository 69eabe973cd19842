/**
 * `@duckdb/node-api`'s values (classes, enums, converters), loaded with `require`. The package is
 * CommonJS: an ESM `import` of it makes Node's loader lex each of its ~120 files for named exports
 * (cjs-module-lexer), ~0.3 s of CPU in every process that opens a DuckDB warehouse on the 2-core
 * VM — a third of a `godwit sql` process (bench/ml/lab-processes.ts). `require` skips that and
 * gives the same objects. Types still come from `import type`.
 */
import { createRequire } from 'node:module';

export const duckdb = createRequire(import.meta.url)('@duckdb/node-api') as typeof import('@duckdb/node-api');
