/**
 * Which SQL reader should Godwit's dialect front end use? Runs the corpus (corpus.ts) through
 * node-sql-parser (databases `redshift`, `bigquery`), sql-parser-cst (dialects `postgresql` for
 * Redshift, `bigquery`) and Godwit's own tokenizer with its statement model, and prints, per
 * candidate: statements read, lossless round trips (text back byte for byte, comments kept),
 * parse CPU time per statement, and install size.
 *
 *   node --import tsx bench/sql/parser-eval.ts          (BENCH_REPEAT=N rounds for timing, default 200)
 *
 * "Read" means: the library returned a tree without throwing; for Godwit, the statement model
 * classified the statement and, for COPY / UNLOAD / LOAD DATA / EXPORT DATA, read its source or
 * target into the Warehouse shapes. A library reading a statement is not the same as reading it
 * right: the per-statement table shows where each fails.
 */
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { parse as cstParse, show as cstShow } from 'sql-parser-cst';
import { BIGQUERY, REDSHIFT } from '../../src/sql/index.js';
import { classifyStatements } from '../../src/sql/sql-statements.js';
import { joinTokens, tokenize } from '../../src/sql/sql-tokens.js';
import { CORPUS, type CorpusStatement } from './corpus.js';

const require = createRequire(import.meta.url);
const { Parser } = require('node-sql-parser') as typeof import('node-sql-parser');
const REPEAT = Number(process.env.BENCH_REPEAT ?? 200);

interface Outcome {
  readonly read: boolean;
  readonly lossless: boolean;
  readonly error?: string;
}

interface Candidate {
  readonly name: string;
  readonly packages: readonly string[];
  run(s: CorpusStatement): Outcome;
}

const nsp = new Parser();
const CANDIDATES: readonly Candidate[] = [
  {
    name: 'node-sql-parser 5.4',
    packages: ['node-sql-parser', 'big-integer', '@types/pegjs'],
    run(s) {
      const database = s.dialect === 'redshift' ? 'redshift' : 'bigquery';
      const ast = nsp.astify(s.sql, { database });
      return { read: true, lossless: nsp.sqlify(ast, { database }) === s.sql };
    },
  },
  {
    name: 'sql-parser-cst 0.42',
    packages: ['sql-parser-cst'],
    run(s) {
      const dialect = s.dialect === 'redshift' ? 'postgresql' : 'bigquery';
      const cst = cstParse(s.sql, { dialect, includeComments: true, includeNewlines: true, includeSpaces: true });
      return { read: true, lossless: cstShow(cst) === s.sql };
    },
  },
  {
    name: 'Godwit tokenizer + statement model',
    packages: [],
    run(s) {
      const dialect = s.dialect === 'redshift' ? REDSHIFT : BIGQUERY;
      const lossless = joinTokens(tokenize(s.sql, dialect)) === s.sql;
      const [statement] = classifyStatements(s.sql, s.dialect);
      return { read: statement !== undefined && statement.kind !== 'unreadable', lossless };
    },
  },
];

function attempt(c: Candidate, s: CorpusStatement): Outcome {
  try {
    return c.run(s);
  } catch (err) {
    return {
      read: false,
      lossless: false,
      error: String((err as Error).message)
        .split('\n')[0]
        .slice(0, 70),
    };
  }
}

/** CPU microseconds per statement over the statements the candidate reads. */
function cpuPerStatement(c: Candidate, readable: readonly CorpusStatement[]): number {
  for (const s of readable) attempt(c, s);
  const start = process.cpuUsage();
  for (let r = 0; r < REPEAT; r++) for (const s of readable) attempt(c, s);
  const used = process.cpuUsage(start);
  return (used.user + used.system) / (REPEAT * Math.max(1, readable.length));
}

function installSize(packages: readonly string[]): string {
  if (packages.length === 0) return '0 (in Godwit)';
  const dirs = packages.map((p) => resolve(import.meta.dirname, '../../node_modules', p));
  const out = execFileSync('du', ['-scm', '--apparent-size', ...dirs], { encoding: 'utf8' });
  return `${/(\d+)\s+total/.exec(out)?.[1]} MB`;
}

const rows: string[] = [];
for (const c of CANDIDATES) {
  const outcomes = CORPUS.map((s) => ({ s, o: attempt(c, s) }));
  const readable = outcomes.filter((x) => x.o.read).map((x) => x.s);
  const lossless = outcomes.filter((x) => x.o.lossless).length;
  console.log(`\n${c.name}`);
  for (const { s, o } of outcomes)
    console.log(
      `  ${o.read ? 'read' : 'FAIL'} ${o.lossless ? 'lossless' : '        '} ${s.dialect.padEnd(8)} ${s.label}${o.error ? `: ${o.error}` : ''}`,
    );
  const us = cpuPerStatement(c, readable);
  rows.push(
    `| ${c.name} | ${readable.length}/${CORPUS.length} | ${lossless}/${CORPUS.length} | ${us.toFixed(0)} µs | ${installSize(c.packages)} |`,
  );
}
console.log('\n| candidate | read | lossless | CPU per statement | install size |');
console.log('| --- | --- | --- | --- | --- |');
for (const r of rows) console.log(r);
