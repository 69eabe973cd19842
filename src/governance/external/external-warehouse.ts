/**
 * The local user's DuckDB warehouse with the catalog's external tables in it: a table name in a
 * FROM or JOIN item (`FROM lake.events`, `JOIN lake.events e`, `FROM a, lake.events`) that is an
 * external table of the catalog becomes its objects read at that moment (`external-relation.ts`);
 * every other statement reaches the engine unchanged, and a statement naming no dotted table does
 * not ask the catalog at all.
 *
 * ```ts
 * const wh = externalTablesWarehouse(duckdb, async () => metadata.catalog);
 * await wh.query('select count(*) from lake.events'); // every object under its location, now
 * ```
 *
 * A principal's statements go through `governedWarehouse` instead, whose rewriter replaces the
 * same tables precisely (the `externalRelation` hook), with the principal's view over them.
 */
import type {
  CopySource,
  CreateOptions,
  QueryResult,
  RowBatch,
  SqlParams,
  StatementCost,
  StreamOptions,
  TableRef,
  UnloadResult,
  UnloadTarget,
  Warehouse,
} from '../../warehouse/warehouse.js';
import {
  CLAUSE_END,
  FROM_IN_ARGS,
  foldName,
  JOIN_WORDS,
  type Lex,
  lexDuckDb,
  nameOf,
  quoteName,
  RESERVED,
} from '../enforce/duckdb-lexer.js';
import { duckdbCatalogOf } from '../enforce/governed-warehouse.js';
import type { CatalogTable, GovernanceCatalog } from '../governance-records.js';
import { ExternalReads } from './external-relation.js';

/** The catalog, when it can be had (a home that cannot be opened has no external tables: undefined). */
export type CatalogSource = () => Promise<GovernanceCatalog | undefined>;

export function externalTablesWarehouse(engine: Warehouse, catalog: CatalogSource): Warehouse {
  return engine.dialect === 'duckdb' ? new ExternalTablesWarehouse(engine, catalog) : engine;
}

/** Keywords that begin a clause: the FROM clause's own words, and those that end it. */
const CLAUSES = new Set([...CLAUSE_END, 'FROM', 'JOIN', 'ON', 'USING']);
/** A FROM item's alias is never one of these (a join, or the WHERE after the last item). */
const NOT_ALIASES = new Set([...JOIN_WORDS, 'WHERE']);

interface Candidate {
  readonly database: string;
  readonly name: string;
  readonly start: number;
  readonly end: number;
  readonly aliased: boolean;
}

/** Dotted names standing as FROM / JOIN items: `db.t` or `catalog.db.t` (the warehouse's own catalog). */
export function fromItems(sql: string, warehouseCatalog?: string): Candidate[] {
  const sig = lexDuckDb(sql).filter((t) => t.kind !== 'space' && t.kind !== 'comment');
  const word = (i: number) => (sig[i]?.kind === 'word' ? sig[i].text.toUpperCase() : '');
  const isName = (t: Lex | undefined) => t?.kind === 'word' || t?.kind === 'ident';
  const clause: string[] = [''];
  const found: Candidate[] = [];
  for (let i = 0; i < sig.length; i++) {
    const t = sig[i];
    if (t.kind === 'open') clause.push(FROM_IN_ARGS.has(word(i - 1)) ? 'ARGS' : '');
    else if (t.kind === 'close') clause.length > 1 && clause.pop();
    else if (t.kind === 'semicolon') clause[clause.length - 1] = '';
    const kw = word(i);
    if (CLAUSES.has(kw) && clause[clause.length - 1] !== 'ARGS' && !(kw === 'FROM' && word(i - 1) === 'DISTINCT')) {
      clause[clause.length - 1] = kw === 'JOIN' ? 'FROM' : kw;
      continue;
    }
    const before = sig[i - 1];
    const inFrom = clause[clause.length - 1] === 'FROM';
    const itemStart =
      inFrom && (word(i - 1) === 'FROM' || word(i - 1) === 'JOIN' || (before?.kind === 'comma' && inFrom)) && isName(t);
    if (!itemStart) continue;
    const parts: string[] = [];
    let last = i;
    for (let j = i; isName(sig[j]); j += 2) {
      parts.push(nameOf(sig[j]));
      last = j;
      if (sig[j + 1]?.kind !== 'dot') break;
    }
    if (sig[last + 1]?.kind === 'open') continue; // a table function
    const f = parts.map(foldName);
    const dotted = f.length === 2 || (f.length === 3 && warehouseCatalog !== undefined && f[0] === foldName(warehouseCatalog));
    if (!dotted) continue;
    const next = sig[last + 1];
    const aliased =
      word(last + 1) === 'AS' ||
      next?.kind === 'ident' ||
      (next?.kind === 'word' && !RESERVED.has(word(last + 1)) && !NOT_ALIASES.has(word(last + 1)));
    found.push({
      database: parts[parts.length - 2],
      name: parts[parts.length - 1],
      start: t.at,
      end: sig[last].at + sig[last].text.length,
      aliased,
    });
  }
  return found;
}

class ExternalTablesWarehouse implements Warehouse {
  readonly name: string;
  readonly type: Warehouse['type'];
  readonly dialect: Warehouse['dialect'];
  readonly stores: Warehouse['stores'];
  readonly path?: string;

  constructor(
    readonly engine: Warehouse,
    private readonly catalog: CatalogSource,
  ) {
    this.name = engine.name;
    this.type = engine.type;
    this.dialect = engine.dialect;
    this.stores = engine.stores;
    const path = (engine as { path?: unknown }).path;
    if (typeof path === 'string') this.path = path;
  }

  /** The statement with each external table it reads replaced by its objects, and the reads to close after. */
  private async substitute(sql: string): Promise<{ sql: string; reads: ExternalReads }> {
    const reads = new ExternalReads(this.stores, `Warehouse "${this.name}"`);
    const items = fromItems(sql, duckdbCatalogOf(this.engine));
    if (items.length === 0) return { sql, reads };
    const catalog = await this.catalog();
    if (!catalog) return { sql, reads };
    const tables = new Map<string, Promise<CatalogTable | undefined>>();
    const edits: { start: number; end: number; text: string }[] = [];
    try {
      for (const item of items) {
        const key = `${foldName(item.database)}.${foldName(item.name)}`;
        if (!tables.has(key))
          tables.set(
            key,
            catalog.getTable(item.database, item.name).catch(() => undefined),
          );
        const table = await tables.get(key);
        if (!table?.location) continue;
        const relation = await reads.relation(table);
        edits.push({
          start: item.start,
          end: item.end,
          text: item.aliased ? relation : `${relation} AS ${quoteName(item.name)}`,
        });
      }
    } catch (err) {
      await reads.close();
      throw err;
    }
    let out = sql;
    for (const e of edits.sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.text + out.slice(e.end);
    return { sql: out, reads };
  }

  private async run<T>(sql: string, work: (sql: string) => Promise<T>): Promise<T> {
    const { sql: text, reads } = await this.substitute(sql);
    try {
      return await work(text);
    } catch (err) {
      throw reads.explain(err);
    } finally {
      await reads.close();
    }
  }

  query(sql: string, params?: SqlParams): Promise<QueryResult> {
    return this.run(sql, (text) => this.engine.query(text, params));
  }

  async *stream(sql: string, params?: SqlParams, options?: StreamOptions): AsyncIterable<RowBatch> {
    const { sql: text, reads } = await this.substitute(sql);
    try {
      yield* this.engine.stream(text, params, options);
    } catch (err) {
      throw reads.explain(err);
    } finally {
      await reads.close();
    }
  }

  execute(sql: string, params?: SqlParams): Promise<StatementCost> {
    return this.run(sql, (text) => this.engine.execute(text, params));
  }

  createTableAs(table: TableRef, select: string, options?: CreateOptions): Promise<StatementCost> {
    return this.run(select, (text) => this.engine.createTableAs(table, text, options));
  }

  /** Its stored definition reads the objects listed now; a refresh re-reads those (see docs/governance.md). */
  createMaterializedView(view: TableRef, select: string, options?: CreateOptions): Promise<StatementCost> {
    return this.run(select, (text) => this.engine.createMaterializedView(view, text, options));
  }

  refreshMaterializedView(view: TableRef): Promise<StatementCost> {
    return this.engine.refreshMaterializedView(view);
  }

  copyFrom(table: TableRef, source: CopySource): Promise<StatementCost> {
    return this.engine.copyFrom(table, source);
  }

  unload(select: string, target: UnloadTarget, params?: SqlParams): Promise<UnloadResult> {
    return this.run(select, (text) => this.engine.unload(text, target, params));
  }

  tableVersion(table: TableRef): Promise<string | undefined> {
    return this.engine.tableVersion(table);
  }

  close(): Promise<void> {
    return this.engine.close();
  }
}
