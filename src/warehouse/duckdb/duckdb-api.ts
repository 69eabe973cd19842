/**
 * `@duckdb/node-api`'s values (classes, enums, converters), loaded with `require`. The package is
 * CommonJS: an ESM `import` of it makes Node's loader lex each of its ~120 files for named exports
 * (cjs-module-lexer), ~0.17 s of CPU in every process that opens a DuckDB warehouse on the 2-core
 * VM, a quarter of `godwit sql "select 1"` (0.74 → 0.57 s from a built install; see the lab 6.5
 * section of bench/RESULTS.md). `require` skips that and gives the same objects. Types still
 * come from `import type`.
 */
import { createRequire } from 'node:module';

export const duckdb = createRequire(import.meta.url)('@duckdb/node-api') as typeof import('@duckdb/node-api');
