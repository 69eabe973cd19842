/**
 * Enforcement by rewriting (docs/governance-design.md, "Enforcement on every read path"): a
 * statement in DuckDB's SQL, read with DuckDB's own lexical rules (`duckdb-lexer.ts`), has every
 * relation it names resolved at every depth (FROM and JOIN items, comma joins, subqueries, CTEs
 * and their scopes, set operations, FROM-first, `TABLE t`, `DESCRIBE`/`SUMMARIZE t`, PIVOT,
 * LATERAL); each reference to a governed table becomes the caller's view of it
 * (`view-sql.ts`), and anything that would read data another way is refused with
 * `E_ACCESS_DENIED` naming what was refused.
 *
 * ```ts
 * const { sql } = await enforce('select * from churn.customers c', 'duckdb', ana, catalog);
 * // select * from (SELECT id, CASE WHEN … FROM churn.customers WHERE …) c
 * ```
 *
 * For a principal, a relation must be one of the catalog's tables or one of the statement's own
 * CTEs in scope: a name DuckDB would resolve to something else (a look-alike, a system view, a
 * file) is unknown and refused. The local caller's statements pass unchanged.
 *
 * The engine's SQL is read by its own rules (`rewrite-dialects.ts`): DuckDB's, or PostgreSQL's
 * for PostgreSQL-engine warehouses (`postgres-lexer.ts`: unquoted names fold to lower case,
 * quoted ones are exact; an unqualified name is resolved by the server's search_path through
 * `options.resolve`, and rewritten schema-qualified). BigQuery and Redshift SQL reach the engine
 * translated (`src/sql/*\/…-duckdb.ts`, or Redshift's run on PostgreSQL as written), so the
 * rewriter reads the engine's text.
 *
 * `information_schema.tables`, `.columns` and `.schemata` (and DuckDB's `SHOW TABLES`,
 * `SHOW ALL TABLES`, bare `DESCRIBE`) are answered from the catalog for a principal: a VALUES
 * relation listing only what it may DESCRIBE, a table's columns being those of its view.
 */
import { GodwitError } from '../../core/errors.js';
import type { AccessDecision, Caller, CatalogTable, GovernanceCatalog } from '../governance-records.js';
import { CLAUSE_END, FROM_IN_ARGS, foldName, JOIN_WORDS, type Lex, RESERVED } from './duckdb-lexer.js';
import { DUCKDB_REWRITE, POSTGRES_REWRITE, type RewriteDialect } from './rewrite-dialects.js';
import { viewSelect } from './view-sql.js';

export type EnforceDialect = 'duckdb' | 'bigquery' | 'redshift' | 'postgres';

export interface EnforceOptions {
  /** DuckDB's name of the warehouse's database (`memory` for `:memory:`, the file's stem otherwise). */
  readonly warehouseCatalog?: string;
  /** The catalog database holding a DuckDB schema's tables; the schema's own name unless told. */
  readonly databaseOf?: (schema: string) => string;
  /** Who asked, for the decisions (`godwit sql`, `sql step`, `rest`). */
  readonly via?: string;
  /**
   * An external table's relation: its objects read as a parenthesized DuckDB query with the
   * catalog's columns (src/governance/external). The caller's view is built over it as over a
   * warehouse table; without it, an external table is read by its name like any other.
   */
  readonly externalRelation?: (table: CatalogTable) => Promise<string>;
  /**
   * PostgreSQL: the schema the server's search_path resolves an unqualified relation name to
   * (pg_temp and pg_catalog first, as the server looks), or undefined when it resolves to none.
   * Without it a principal's unqualified names are refused on PostgreSQL.
   */
  readonly resolve?: (name: string) => Promise<string | undefined>;
  /** The warehouse's name in the catalog: `information_schema` answers list only its databases. */
  readonly warehouse?: string;
}

export type Decision = Omit<AccessDecision, 'at'>;

export interface Enforced {
  readonly sql: string;
  readonly decisions: Decision[];
  /** Columns the rewritten statement's views leave out, by folded name → `database.table` (for `deniedColumn`). */
  readonly hidden: ReadonlyMap<string, string>;
}

/** `E_ACCESS_DENIED`, carrying the decisions made up to the refusal (the denied one last). */
export class EnforcementError extends GodwitError {
  constructor(
    message: string,
    readonly decisions: readonly Decision[],
    hint = 'Ask an administrator for a grant (godwit grant), or run it as the local user.',
  ) {
    super('E_ACCESS_DENIED', message, { hint });
  }
}

export async function enforce(
  sql: string,
  dialect: EnforceDialect,
  caller: Caller,
  catalog: GovernanceCatalog,
  options: EnforceOptions = {},
): Promise<Enforced> {
  if (caller.kind === 'local') return { sql, decisions: [], hidden: new Map() };
  const rewriter = new Rewriter(sql, dialect === 'postgres' ? POSTGRES_REWRITE : DUCKDB_REWRITE, caller, catalog, options);
  if (dialect !== 'duckdb' && dialect !== 'postgres') {
    rewriter.deny(
      `${dialect} SQL`,
      `${dialect} SQL is enforced on the engine's SQL it is translated to (DuckDB's or PostgreSQL's): pass the translated text.`,
    );
  }
  return rewriter.run();
}

/**
 * The binder's backstop: DuckDB's "column not found" (PostgreSQL's `column "x" does not exist`)
 * for a column the statement's views leave out is `E_ACCESS_DENIED` naming the column; any other
 * error is returned as it was.
 */
export function deniedColumn(err: unknown, enforced: Pick<Enforced, 'hidden'>): unknown {
  const message = err instanceof Error ? err.message : String(err);
  const m =
    /Referenced column "([^"]+)" not found/.exec(message) ??
    /does not have a column named "([^"]+)"/.exec(message) ??
    /Column "([^"]+)" in EXCLUDE list not found/.exec(message) ??
    /Referenced column ([^\s"]+) not found/.exec(message) ??
    /column "([^"]+)" (?:of relation "[^"]*" )?does not exist/.exec(message) ??
    /column (?:[^\s".]+\.)+([^\s".]+) does not exist/.exec(message) ??
    /column "([^"]+)" not found in data type/.exec(message);
  const table = m ? enforced.hidden.get(foldName(m[1])) : undefined;
  if (!m || table === undefined) return err;
  return new GodwitError('E_ACCESS_DENIED', `Column "${m[1]}" of ${table} is not granted to the caller.`, {
    hint: 'Leave the column out, or ask for a grant that includes it.',
    cause: err,
  });
}

interface Relation {
  /** The folded name the relation is referred to by (alias, or the table's name). */
  readonly alias: string;
  /** Folded names of the governed table's columns the view leaves out. */
  readonly hidden: ReadonlySet<string>;
  readonly label: string;
}

interface Level {
  readonly parent?: Level;
  readonly relations: Relation[];
  readonly qualified: { qual: string; col: string }[];
  readonly bare: string[];
}

const QUERY_START = new Set(['SELECT', 'WITH', 'FROM', 'VALUES', 'TABLE', 'PIVOT', 'UNPIVOT', 'PIVOT_WIDER', 'PIVOT_LONGER']);
const DESCRIBE = new Set(['DESCRIBE', 'SUMMARIZE', 'SHOW']);
const TRANSACTION = new Set(['BEGIN', 'COMMIT', 'ROLLBACK', 'ABORT', 'START', 'END']);

class Rewriter {
  private readonly sig: Lex[];
  private readonly edits: { start: number; end: number; text: string }[] = [];
  private readonly decisions: Decision[] = [];
  private readonly hidden = new Map<string, string>();
  private readonly tables = new Map<string, Promise<CatalogTable[]>>();
  private databases?: Promise<{ name: string; warehouse?: string }[]>;
  private readonly principal: string;
  private readonly via: string;

  constructor(
    private readonly sql: string,
    private readonly d: RewriteDialect,
    private readonly caller: Extract<Caller, { kind: 'principal' }>,
    private readonly catalog: GovernanceCatalog,
    private readonly options: EnforceOptions,
  ) {
    this.sig = this.d.lex(sql).filter((t) => t.kind !== 'space' && t.kind !== 'comment');
    this.principal = caller.principal.arn;
    this.via = options.via ?? 'godwit sql';
  }

  async run(): Promise<Enforced> {
    const unicode = this.sig.find((t) => t.kind === 'unicode');
    if (unicode) this.deny(`the unicode escape ${unicode.text}`, 'A principal writes names and strings without U& escapes.');
    let start = 0;
    for (let i = 0; i <= this.sig.length; i++) {
      if (i === this.sig.length || this.sig[i].kind === 'semicolon') {
        if (i > start) await this.statement(start, i);
        start = i + 1;
      }
    }
    let out = this.sql;
    for (const edit of [...this.edits].sort((a, b) => b.start - a.start || b.end - a.end)) {
      out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
    }
    return { sql: out, decisions: this.decisions, hidden: this.hidden };
  }

  deny(what: string, why = 'A principal cannot run it.', resource = what, action = 'lakeformation:SELECT'): never {
    this.decisions.push({
      principal: this.principal,
      action,
      resource,
      decision: 'denied',
      detail: why,
      via: this.via,
    });
    throw new EnforcementError(`Access denied: ${what}. ${why}`, this.decisions);
  }

  private word(i: number): string {
    const t = this.sig[i];
    return t?.kind === 'word' ? t.text.toUpperCase() : '';
  }

  private matchingClose(open: number, end: number): number {
    let depth = 0;
    for (let i = open; i < end; i++) {
      if (this.sig[i].kind === 'open') depth++;
      else if (this.sig[i].kind === 'close' && --depth === 0) return i;
    }
    this.deny('an unbalanced parenthesis', 'The statement does not parse.');
  }

  /** A dotted name from `i`: its parts and the index after it. */
  private qualified(i: number, end: number): { parts: string[]; end: number } {
    const parts: string[] = [];
    let j = i;
    while (j < end && (this.sig[j].kind === 'word' || this.sig[j].kind === 'ident')) {
      parts.push(this.d.name(this.sig[j++]));
      if (this.sig[j]?.kind !== 'dot' || j + 1 >= end) break;
      if (this.sig[j + 1].kind !== 'word' && this.sig[j + 1].kind !== 'ident') break;
      j++;
    }
    return { parts, end: j };
  }

  private async statement(s: number, e: number): Promise<void> {
    const first = this.sig[s];
    const kw = this.word(s);
    if (first.kind === 'open' || QUERY_START.has(kw)) return this.scan(s, e, new Set(), newLevel(), false);
    if (kw === 'EXPLAIN') {
      const at = ['ANALYZE', 'ANALYSE'].includes(this.word(s + 1)) ? s + 2 : s + 1;
      if (at >= e) this.deny('an empty EXPLAIN');
      return this.statement(at, e);
    }
    if (DESCRIBE.has(kw)) return this.describe(s, e, kw);
    if (kw === 'CREATE') return this.create(s, e);
    if (kw === 'INSERT') return this.insert(s, e);
    if (kw === 'DROP') return this.drop(s, e);
    if (TRANSACTION.has(kw) && this.sig.slice(s + 1, e).every((t) => ['TRANSACTION', 'WORK'].includes(t.text.toUpperCase()))) {
      return;
    }
    this.deny(
      `${first.text.toUpperCase()} statements`,
      'A principal may run queries, CREATE TABLE/VIEW … AS, INSERT and DROP only.',
    );
  }

  /**
   * DuckDB's DESCRIBE / SUMMARIZE / SHOW of a table or a query (the scan reads what follows as a
   * FROM item); `SHOW TABLES`, `SHOW ALL TABLES` and a bare `DESCRIBE` are answered from the
   * catalog; other listings are refused. PostgreSQL's SHOW reads the server's settings: refused.
   */
  private async describe(s: number, e: number, kw: string): Promise<void> {
    if (this.d.engine === 'postgres') {
      this.deny(
        `${kw} statements`,
        'On PostgreSQL, SHOW reads the server’s settings; a principal lists tables through information_schema.',
      );
    }
    const listing =
      (kw === 'DESCRIBE' && e === s + 1) ||
      (kw === 'SHOW' && this.word(s + 1) === 'ALL' && this.word(s + 2) === 'TABLES' && e === s + 3)
        ? 'all'
        : kw === 'SHOW' && this.word(s + 1) === 'TABLES' && e === s + 2
          ? 'main'
          : undefined;
    if (listing) {
      const answer = await this.showTables(listing === 'all');
      this.edits.push({ start: this.sig[s].at, end: endOf(this.sig[e - 1]), text: answer });
      return;
    }
    const next = this.sig[s + 1];
    if (!next || ['TABLES', 'ALL', 'DATABASES', 'SCHEMAS', 'TABLE'].includes(this.word(s + 1))) {
      this.deny(
        `${kw} of the warehouse's ${this.sig[s + 1]?.text.toLowerCase() ?? 'tables'}`,
        'A principal lists tables with SHOW TABLES, SHOW ALL TABLES or information_schema (answered from the catalog).',
      );
    }
    return this.scan(s, e, new Set(), newLevel(), false);
  }

  /** CREATE [OR REPLACE] [TEMP] TABLE|VIEW [IF NOT EXISTS] name …: CREATE_TABLE on its database; its query rewritten, so a view stores the rewritten text. */
  private async create(s: number, e: number): Promise<void> {
    let i = s + 1;
    if (this.word(i) === 'OR' && this.word(i + 1) === 'REPLACE') i += 2;
    let temp = false;
    while (['TEMP', 'TEMPORARY', 'PERSISTENT'].includes(this.word(i))) {
      temp ||= this.word(i) !== 'PERSISTENT';
      i++;
    }
    const what = this.word(i);
    if (what !== 'TABLE' && what !== 'VIEW')
      this.deny(`CREATE ${this.sig[i]?.text.toUpperCase() ?? ''}`.trim(), 'A principal may create tables and views only.');
    i++;
    if (this.word(i) === 'IF' && this.word(i + 1) === 'NOT' && this.word(i + 2) === 'EXISTS') i += 3;
    const name = this.qualified(i, e);
    if (this.d.engine === 'postgres') this.postgresCreate(name.parts, name.end, e, temp);
    // A foreign key's check reads the referenced table's rows (a failed insert tells whether a key exists there).
    for (let j = name.end; j < e; j++) {
      if (this.word(j) === 'REFERENCES')
        this.deny('CREATE TABLE … REFERENCES', 'A foreign key probes the referenced table’s rows.');
    }
    const target = this.target(temp ? ['temp', ...name.parts.slice(-1)] : name.parts);
    const database = (await this.database(target.schema)) ?? this.databaseOf(target.schema);
    const resource = { Database: { Name: database } };
    const label = `${database}.${target.name}`;
    if (!(await this.catalog.allows(this.caller, 'CREATE_TABLE', resource))) {
      this.deny(`CREATE ${what} ${label}`, `It needs CREATE_TABLE on database ${database}.`, label, 'lakeformation:CREATE_TABLE');
    }
    this.decisions.push({
      principal: this.principal,
      action: 'lakeformation:CREATE_TABLE',
      resource: label,
      decision: 'allowed',
      via: this.via,
    });
    await this.scan(name.end, e, new Set(), newLevel(), false);
  }

  /**
   * PostgreSQL's CREATE TABLE forms that reach another table outside a query (LIKE copies its
   * definition, INHERITS and PARTITION OF tie the new table to it) or run a prepared statement
   * (AS EXECUTE) are refused; an unqualified name would be created in the search_path's first schema.
   */
  private postgresCreate(parts: readonly string[], from: number, e: number, temp: boolean): void {
    if (!temp && parts.length < 2) {
      this.deny(
        `CREATE of the unqualified name ${parts.join('.')}`,
        'Qualify it with its schema (the catalog database it belongs to).',
      );
    }
    let depth = 0;
    for (let j = from; j < e; j++) {
      const t = this.sig[j];
      if (t.kind === 'open') depth++;
      else if (t.kind === 'close') depth--;
      const w = this.word(j);
      if (depth === 0 && w === 'AS') {
        if (this.word(j + 1) === 'EXECUTE') this.deny('CREATE TABLE … AS EXECUTE', 'A principal’s CTAS runs a query it writes.');
        return;
      }
      const inDefinition = depth === 1 && (this.sig[j - 1]?.kind === 'open' || this.sig[j - 1]?.kind === 'comma');
      if ((depth === 0 && (w === 'INHERITS' || w === 'PARTITION')) || (inDefinition && w === 'LIKE')) {
        this.deny(`CREATE TABLE … ${w}`, 'A principal creates a table from its own column list or a query.');
      }
    }
  }

  private async insert(s: number, e: number): Promise<void> {
    let i = s + 1;
    if (this.word(i) === 'OR') i += 2;
    if (this.word(i) !== 'INTO') this.deny('INSERT without INTO', 'The statement does not parse.');
    if (i !== s + 1 || this.lastTopLevel(i, e, 'CONFLICT') >= 0) {
      this.deny('INSERT OR REPLACE / ON CONFLICT', 'Updating existing rows could return or change what the caller cannot see.');
    }
    const name = this.qualified(i + 1, e);
    const table = await this.lookup(name.parts);
    const label = table ? `${table.database}.${table.name}` : name.parts.join('.');
    if (!table)
      this.deny(`INSERT INTO ${label}`, 'A principal writes only to the catalog’s tables.', label, 'lakeformation:INSERT');
    if (table.location)
      this.deny(
        `INSERT INTO ${label}`,
        `It is an external table over ${table.location.uri}: write objects there instead.`,
        label,
        'lakeformation:INSERT',
      );
    if (!(await this.catalog.allows(this.caller, 'INSERT', { Table: { DatabaseName: table.database, Name: table.name } }))) {
      this.deny(`INSERT INTO ${label}`, `It needs INSERT on table ${label}.`, label, 'lakeformation:INSERT');
    }
    this.decisions.push({
      principal: this.principal,
      action: 'lakeformation:INSERT',
      resource: label,
      decision: 'allowed',
      via: this.via,
    });
    await this.scan(name.end, e, new Set(), newLevel(), false);
  }

  private async drop(s: number, e: number): Promise<void> {
    const what = this.word(s + 1);
    let i = s + 2;
    if (this.word(i) === 'IF' && this.word(i + 1) === 'EXISTS') i += 2;
    const name = this.qualified(i, e);
    if ((what !== 'TABLE' && what !== 'VIEW') || name.end !== e)
      this.deny(`DROP ${this.sig[s + 1]?.text ?? ''}`.trim(), 'A principal may drop one table or view.');
    const table = await this.lookup(name.parts);
    const label = table ? `${table.database}.${table.name}` : name.parts.join('.');
    if (
      !table ||
      !(await this.catalog.allows(this.caller, 'DROP', { Table: { DatabaseName: table.database, Name: table.name } }))
    ) {
      this.deny(`DROP ${what} ${label}`, `It needs DROP on table ${label}.`, label, 'lakeformation:DROP');
    }
    this.decisions.push({
      principal: this.principal,
      action: 'lakeformation:DROP',
      resource: label,
      decision: 'allowed',
      via: this.via,
    });
  }

  /**
   * Scans sig[s, e): a query (or a run of expressions) at one level. `expectFirst`: the first
   * token stands where a relation is expected (inside a parenthesized FROM item).
   */
  private async scan(
    s: number,
    e: number,
    outer: ReadonlySet<string>,
    level: Level,
    expectFirst: boolean,
    fromIsArgs = false,
  ): Promise<void> {
    let ctes = outer;
    let expect = expectFirst;
    let inFrom = expectFirst;
    let standalone = false;
    let pivot = false;
    let i = s;
    while (i < e) {
      const t = this.sig[i];
      const kw = this.word(i);
      if (t.kind === 'unicode')
        this.deny(`the unicode escape ${t.text}`, 'A principal writes names and strings without U& escapes.');
      if (expect && !(t.kind === 'word' && (QUERY_START.has(kw) || DESCRIBE.has(kw)))) {
        expect = false;
        if (kw === 'LATERAL') {
          expect = true;
          i++;
          continue;
        }
        i = await this.fromItem(i, e, ctes, level, standalone);
        standalone = false;
        continue;
      }
      expect = false;
      if (kw === 'WITH' && this.isCteList(i, e)) {
        const parsed = await this.cteList(i, e, ctes, level);
        ctes = parsed.ctes;
        i = parsed.end;
        continue;
      }
      if (t.kind === 'open') {
        const close = this.matchingClose(i, e);
        const firstInner = this.word(i + 1);
        if (this.sig[i + 1]?.kind === 'open' || QUERY_START.has(firstInner)) {
          await this.scan(i + 1, close, ctes, newLevel(level), false);
        } else {
          await this.scan(i + 1, close, ctes, level, false, FROM_IN_ARGS.has(this.word(i - 1)));
        }
        i = close + 1;
        continue;
      }
      if (kw === 'FROM') {
        const distinct = this.word(i - 1) === 'DISTINCT' && (this.word(i - 2) === 'IS' || this.word(i - 3) === 'IS');
        if (!distinct && !fromIsArgs) {
          expect = true;
          inFrom = true;
        }
        i++;
        continue;
      }
      if (kw === 'JOIN' || (kw === 'TABLE' && !fromIsArgs) || (i === s && (kw.startsWith('PIVOT') || kw === 'UNPIVOT'))) {
        pivot ||= kw !== 'JOIN' && kw !== 'TABLE';
        expect = true;
        inFrom = true;
        i++;
        continue;
      }
      // DESCRIBE / SUMMARIZE / SHOW of a table, at the start or as a subquery: the table is read as its view.
      if (DESCRIBE.has(kw) && !fromIsArgs) {
        expect = true;
        standalone = true;
        i++;
        continue;
      }
      if (kw === 'INTO' && this.d.engine === 'postgres') {
        this.deny('SELECT … INTO', 'It creates a table: a principal writes CREATE TABLE … AS, which needs CREATE_TABLE.');
      }
      // A type after `::` is no column.
      if (t.kind === 'op' && t.text === '::') {
        i = Math.max(this.qualified(i + 1, e).end, i + 1);
        continue;
      }
      // A PIVOT statement's ON / USING / GROUP BY lists are columns, not more FROM items.
      if (pivot && ['ON', 'USING', 'INTO', 'GROUP'].includes(kw)) inFrom = false;
      if (t.kind === 'comma' && inFrom) {
        expect = true;
        i++;
        continue;
      }
      if (CLAUSE_END.has(kw)) inFrom = false;
      if (t.kind === 'word' || t.kind === 'ident') {
        const name = this.qualified(i, e);
        if (this.sig[name.end]?.kind === 'open') {
          this.checkFunction(name.parts);
        } else if (name.parts.length >= 2) {
          level.qualified.push({
            qual: this.d.key(name.parts[name.parts.length - 2]),
            col: foldName(name.parts[name.parts.length - 1]),
          });
        } else if ((t.kind === 'ident' || !RESERVED.has(kw)) && this.word(i - 1) !== 'AS' && this.sig[i + 1]?.text !== ':=') {
          level.bare.push(foldName(name.parts[0]));
        }
        i = Math.max(name.end, i + 1);
        continue;
      }
      i++;
    }
    if (expect) this.deny('a FROM or JOIN with no table', 'The statement does not parse.');
    this.checkColumns(level);
  }

  private checkFunction(parts: readonly string[]): void {
    const name = this.d.key(parts[parts.length - 1]);
    if (this.d.deniedFunction.test(name) || parts.slice(0, -1).some((p) => this.d.systemSchema(this.d.key(p)))) {
      this.deny(`the function ${parts.join('.')}`, 'It reads files, settings or the system catalog.');
    }
  }

  /** A FROM item at `i`: a subquery or parenthesized join, a table function, or a relation. Returns the index after it (and its alias). */
  private async fromItem(i: number, e: number, ctes: ReadonlySet<string>, level: Level, standalone = false): Promise<number> {
    const t = this.sig[i];
    if (t.kind === 'open') {
      const close = this.matchingClose(i, e);
      await this.scan(i + 1, close, ctes, newLevel(level), true);
      const alias = this.alias(close + 1, e);
      if (alias.name) level.relations.push({ alias: alias.name, hidden: new Set(), label: alias.name });
      return alias.end;
    }
    if (t.kind === 'string' || t.kind === 'param') {
      this.deny(`the file or value ${t.text} used as a table`, 'A principal reads only the catalog’s tables.');
    }
    if (this.d.engine === 'postgres' && this.word(i) === 'ONLY' && i + 1 < e)
      return this.fromItem(i + 1, e, ctes, level, standalone);
    if (t.kind !== 'word' && t.kind !== 'ident')
      this.deny(`"${t.text}" where a table was expected`, 'The statement does not parse.');
    const name = this.qualified(i, e);
    if (this.sig[name.end]?.kind === 'open') {
      this.checkFunction(name.parts);
      if (!(name.parts.length === 1 && this.d.tableFunctions.has(this.d.key(name.parts[0])))) {
        this.deny(
          `the table function ${name.parts.join('.')}`,
          `A principal reads only the catalog’s tables (the table functions allowed: ${[...this.d.tableFunctions].join(', ')}).`,
        );
      }
      const close = this.matchingClose(name.end, e);
      await this.scan(name.end + 1, close, ctes, level, false);
      const alias = this.alias(close + 1, e);
      return alias.end;
    }
    return (await this.relation(name.parts, i, name.end, ctes, level, e, standalone)).end;
  }

  /** The alias after a FROM item: `AS name`, or a bare name that is no keyword, with its column list. */
  private alias(j: number, e: number): { name?: string; end: number } {
    let k = j;
    let name: string | undefined;
    if (this.word(k) === 'AS' && k + 1 < e) {
      name = this.d.name(this.sig[k + 1]);
      k += 2;
    } else if (
      k < e &&
      (this.sig[k].kind === 'ident' ||
        (this.sig[k].kind === 'word' && !RESERVED.has(this.word(k)) && !JOIN_WORDS.has(this.word(k))))
    ) {
      name = this.d.name(this.sig[k]);
      k += 1;
    }
    if (name !== undefined && this.sig[k]?.kind === 'open' && k < e) k = this.matchingClose(k, e) + 1;
    return { name: name === undefined ? undefined : this.d.key(name), end: k };
  }

  /** A named relation: one of the statement's CTEs in scope, an `information_schema` view answered from the catalog, or a catalog table, rewritten into the caller's view. */
  private async relation(
    parts: readonly string[],
    i: number,
    end: number,
    ctes: ReadonlySet<string>,
    level: Level,
    e: number,
    standalone = false,
  ): Promise<{ end: number }> {
    // PostgreSQL's `t *` (the table and its children, the default) is part of the name.
    const nameEnd = this.d.engine === 'postgres' && this.sig[end]?.text === '*' && this.sig[end].kind === 'op' ? end + 1 : end;
    const alias = this.alias(nameEnd, e);
    if (parts.length === 1 && ctes.has(this.d.key(parts[0]))) {
      level.relations.push({ alias: alias.name ?? this.d.key(parts[0]), hidden: new Set(), label: parts[0] });
      return { end: alias.end };
    }
    const written = parts.join('.');
    const answered = await this.catalogAnswer(parts);
    if (answered !== undefined) {
      level.relations.push({ alias: alias.name ?? this.d.key(parts[parts.length - 1]), hidden: new Set(), label: written });
      this.replaceRelation(answered, i, end, nameEnd, alias, standalone);
      return { end: alias.end };
    }
    const table = await this.lookup(parts);
    if (!table) {
      this.deny(
        `the relation ${written}`,
        'It is not a table of the catalog (nor a CTE of the statement): a principal reads only the catalog’s tables.',
        written,
      );
    }
    const label = `${table.database}.${table.name}`;
    const view = await this.catalog.viewOf(this.caller, table.database, table.name);
    if (view.kind === 'denied') this.deny(`table ${label}`, view.reason, label);
    // On PostgreSQL the rewritten text names the table by the schema it was resolved in, never through the search_path.
    const schema = this.d.engine === 'postgres' ? table.database : this.target(parts).schema;
    const relationSql = `${this.d.quote(schema)}.${this.d.quote(view.table.name)}`;
    const external =
      view.table.location && this.options.externalRelation ? await this.options.externalRelation(view.table) : undefined;
    if (view.kind === 'unrestricted' && external === undefined) {
      this.decisions.push({
        principal: this.principal,
        action: 'lakeformation:SELECT',
        resource: label,
        decision: 'allowed',
        detail: 'all rows and columns',
        via: this.via,
      });
      level.relations.push({ alias: alias.name ?? this.d.key(table.name), hidden: new Set(), label });
      if (this.d.engine === 'postgres' && parts.length === 1) {
        const bare = alias.name === undefined && !(this.word(i - 1) === 'TABLE' || standalone);
        this.edits.push({
          start: this.sig[i].at,
          end: endOf(this.sig[end - 1]),
          text: bare ? `${relationSql} AS ${this.d.quote(parts[0])}` : relationSql,
        });
      }
      return { end: alias.end };
    }
    let built: ReturnType<typeof viewSelect>;
    try {
      // An external table read whole is the view of one slice of every row and column, over its objects.
      const slices =
        view.kind === 'unrestricted' ? [{ columns: view.table.columns.map((c) => c.name), source: 'table' }] : view.slices;
      built = viewSelect(view.table, external ?? relationSql, slices, this.d.quote);
    } catch (err) {
      this.deny(`table ${label}`, err instanceof Error ? err.message : String(err), label);
    }
    this.decisions.push({
      principal: this.principal,
      action: 'lakeformation:SELECT',
      resource: label,
      decision: 'allowed',
      detail: view.kind === 'unrestricted' ? 'all rows and columns' : view.slices.map((s) => s.source).join(', '),
      via: this.via,
    });
    const visible = new Set(built.visible.map(foldName));
    const hidden = [...built.hidden, ...this.d.systemColumns.filter((c) => !visible.has(c))];
    for (const h of hidden) this.hidden.set(h, label);
    level.relations.push({ alias: alias.name ?? this.d.key(table.name), hidden: new Set(hidden), label });
    this.replaceRelation(built.select, i, end, nameEnd, alias, standalone);
    return { end: alias.end };
  }

  /** Replaces the relation named by sig[i, end) (and a trailing `*` up to nameEnd) with the query `select`. */
  private replaceRelation(
    select: string,
    i: number,
    end: number,
    nameEnd: number,
    alias: { name?: string; end: number },
    standalone: boolean,
  ): void {
    const last = this.sig[end - 1];
    // `TABLE t`, `DESCRIBE t` and a parenthesized `(t)` need a query, not a FROM item.
    const tableKeyword = this.word(i - 1) === 'TABLE' && !standalone;
    const query = standalone || tableKeyword || (this.sig[i - 1]?.kind === 'open' && this.sig[alias.end]?.kind === 'close');
    const only = this.d.engine === 'postgres' && this.word(i - 1) === 'ONLY';
    const start = tableKeyword || only ? this.sig[i - 1].at : this.sig[i].at;
    const item =
      alias.name === undefined
        ? `(${select}) AS ${last.kind === 'ident' ? last.text : this.d.quote(this.d.name(last))}`
        : `(${select})`;
    this.edits.push({ start, end: endOf(this.sig[nameEnd - 1]), text: query ? `SELECT * FROM ${item}` : item });
  }

  /** DuckDB's resolution of a dotted table name to schema and table (no ATTACH: one database, plus temp and system); PostgreSQL's for a qualified name. */
  private target(parts: readonly string[]): { schema: string; name: string } {
    const db = this.d.key(this.options.warehouseCatalog ?? 'memory');
    const f = parts.map((p) => this.d.key(p));
    if (this.d.engine === 'postgres') {
      if (f.length === 2) return { schema: parts[0], name: parts[1] };
      if (f.length === 3 && this.options.warehouseCatalog !== undefined && f[0] === db)
        return { schema: parts[1], name: parts[2] };
      // Unqualified (resolved through the search_path by `lookup`) or another database's: no schema of this one.
      return { schema: `${parts.slice(0, -1).join('.')}.`, name: parts[parts.length - 1] };
    }
    if (f.length === 1) return { schema: 'main', name: parts[0] };
    if (f.length === 2) {
      if (f[0] === db) return { schema: 'main', name: parts[1] };
      if (f[0] === 'system' || f[0] === 'temp') return { schema: `${f[0]}.main`, name: parts[1] };
      return { schema: parts[0], name: parts[1] };
    }
    if (f.length === 3 && f[0] === db) return { schema: parts[1], name: parts[2] };
    return { schema: `${parts.slice(0, -1).join('.')}`, name: parts[parts.length - 1] };
  }

  private databaseOf(schema: string): string {
    return this.options.databaseOf ? this.options.databaseOf(schema) : schema;
  }

  /** The catalog's databases, listed once per statement. */
  private listDatabases(): Promise<{ name: string; warehouse?: string }[]> {
    this.databases ??= this.catalog.listDatabases().catch(() => []);
    return this.databases;
  }

  /** The catalog database a schema name resolves to, compared as the engine compares names. */
  private async database(schema: string): Promise<string | undefined> {
    const wanted = this.d.key(this.databaseOf(schema));
    return (await this.listDatabases()).map((d) => d.name).find((d) => this.d.key(d) === wanted);
  }

  private listTables(database: string): Promise<CatalogTable[]> {
    let tables = this.tables.get(database);
    if (!tables) {
      tables = this.catalog.listTables(database).catch(() => []);
      this.tables.set(database, tables);
    }
    return tables;
  }

  /** The catalog table a dotted name resolves to, or undefined (system schemas and the engine's own views are refused by name). */
  private async lookup(parts: readonly string[]): Promise<CatalogTable | undefined> {
    let target = this.target(parts);
    const system = () =>
      this.deny(
        `the system catalog ${parts.join('.')}`,
        'A principal lists tables and columns through information_schema.tables, .columns and .schemata (answered from the catalog) or godwit catalog.',
        parts.join('.'),
      );
    if (parts.length === 1 && this.d.systemRelation(this.d.key(parts[0]))) system();
    if (this.d.engine === 'postgres' && parts.length === 1) {
      if (!this.options.resolve) {
        this.deny(
          `the unqualified name ${parts[0]}`,
          'Qualify it with its schema: the warehouse’s search_path is not known here.',
          parts[0],
        );
      }
      const resolved = await this.options.resolve(parts[0]);
      // PostgreSQL looks in pg_temp and pg_catalog before the search_path: a name found there is not the catalog's table.
      if (resolved === undefined || resolved.startsWith('pg_')) return undefined;
      target = { schema: resolved, name: parts[0] };
    }
    const schema = this.d.key(target.schema);
    const name = this.d.key(target.name);
    if (this.d.systemSchema(schema)) system();
    if (schema.includes('.')) return undefined;
    const database = await this.database(target.schema);
    if (database === undefined) return undefined;
    return (await this.listTables(database)).find((t) => this.d.key(t.name) === name);
  }

  /**
   * `information_schema.tables`, `.columns` and `.schemata` for a principal: a query over a
   * VALUES list of what the catalog lets the caller DESCRIBE (a table with any grant reaching it,
   * a database with DESCRIBE or such a table; a table's columns are those in the caller's view).
   * Undefined for any other relation.
   */
  private async catalogAnswer(parts: readonly string[]): Promise<string | undefined> {
    const f = parts.map((p) => this.d.key(p));
    const own = this.d.key(this.options.warehouseCatalog ?? (this.d.engine === 'duckdb' ? 'memory' : ''));
    const system = f.length === 2 || (f.length === 3 && (f[0] === own || (this.d.engine === 'duckdb' && f[0] === 'system')));
    if (!system || f[f.length - 2] !== 'information_schema') return undefined;
    const view = f[f.length - 1];
    if (view !== 'tables' && view !== 'columns' && view !== 'schemata') return undefined;
    const listing = await this.describable();
    const catalogName = this.options.warehouseCatalog ?? (this.d.engine === 'duckdb' ? 'memory' : null);
    if (view === 'schemata') {
      return valuesSelect(
        SCHEMATA,
        listing.map((d) => [catalogName, d.database, null, null, null, null, null]),
      );
    }
    if (view === 'tables') {
      return valuesSelect(
        TABLES,
        listing.flatMap((d) =>
          d.tables.map((t) => [catalogName, d.database, t.name, 'BASE TABLE', null, null, null, null, null, 'YES', 'NO', null]),
        ),
      );
    }
    return valuesSelect(
      COLUMNS,
      listing.flatMap((d) =>
        d.tables.flatMap((t) => t.columns.map((c) => [catalogName, d.database, t.name, c.name, c.position, null, 'YES', c.type])),
      ),
    );
  }

  /** DuckDB's `SHOW TABLES` (the main schema's) and `SHOW ALL TABLES` / `DESCRIBE`, answered from the catalog. */
  private async showTables(all: boolean): Promise<string> {
    const listing = await this.describable();
    if (!all) {
      const main = this.d.key(this.databaseOf('main'));
      const names = listing.filter((d) => this.d.key(d.database) === main).flatMap((d) => d.tables.map((t) => [t.name]));
      return `${valuesSelect([{ name: 'name', type: 'text' }], names)} ORDER BY name`;
    }
    const catalogName = this.options.warehouseCatalog ?? 'memory';
    return valuesSelect(
      SHOW_ALL_TABLES,
      listing.flatMap((d) =>
        d.tables.map((t) => [catalogName, d.database, t.name, t.columns.map((c) => c.name), t.columns.map((c) => c.type), false]),
      ),
    );
  }

  /** The databases and tables the caller may DESCRIBE, each table with the columns of the caller's view (and their positions in the table). */
  private async describable(): Promise<
    { database: string; tables: { name: string; columns: { name: string; type: string; position: number }[] }[] }[]
  > {
    const out: Awaited<ReturnType<Rewriter['describable']>> = [];
    for (const d of await this.listDatabases()) {
      if (this.options.warehouse !== undefined && d.warehouse !== undefined && d.warehouse !== this.options.warehouse) continue;
      const tables: (typeof out)[number]['tables'] = [];
      for (const t of await this.listTables(d.name)) {
        if (t.location !== undefined) continue;
        const view = await this.catalog.viewOf(this.caller, d.name, t.name);
        const granted = (c: string) =>
          view.kind === 'unrestricted' ||
          (view.kind === 'filtered' && view.slices.some((s) => s.columns.some((x) => foldName(x) === foldName(c))));
        if (
          view.kind === 'denied' &&
          !(await this.catalog.allows(this.caller, 'DESCRIBE', { Table: { DatabaseName: d.name, Name: t.name } }))
        ) {
          continue;
        }
        const columns = t.columns.map((c, k) => ({ name: c.name, type: c.type, position: k + 1 })).filter((c) => granted(c.name));
        tables.push({ name: t.name, columns });
      }
      if (tables.length > 0 || (await this.catalog.allows(this.caller, 'DESCRIBE', { Database: { Name: d.name } }))) {
        out.push({ database: d.name, tables });
      }
    }
    this.decisions.push({
      principal: this.principal,
      action: 'lakeformation:DESCRIBE',
      resource: 'information_schema',
      decision: 'allowed',
      detail: `listed ${out.length} database(s), ${out.reduce((n, d) => n + d.tables.length, 0)} table(s)`,
      via: this.via,
    });
    return out;
  }

  private isCteList(i: number, e: number): boolean {
    let j = i + 1;
    if (this.word(j) === 'RECURSIVE') j++;
    if (j >= e || (this.sig[j].kind !== 'word' && this.sig[j].kind !== 'ident')) return false;
    j++;
    if (this.sig[j]?.kind === 'open') j = this.matchingClose(j, e) + 1;
    return this.word(j) === 'AS';
  }

  /**
   * WITH [RECURSIVE] name [(cols)] AS [NOT] [MATERIALIZED] (query), …: each body sees the CTEs
   * before it (and itself only when RECURSIVE and its body is a UNION, as DuckDB binds it); the
   * rest of the enclosing query sees them all.
   */
  private async cteList(
    i: number,
    e: number,
    outer: ReadonlySet<string>,
    level: Level,
  ): Promise<{ ctes: Set<string>; end: number }> {
    const ctes = new Set(outer);
    let j = i + 1;
    const recursive = this.word(j) === 'RECURSIVE';
    if (recursive) j++;
    for (;;) {
      const name = this.d.key(this.d.name(this.sig[j]));
      j++;
      if (this.sig[j]?.kind === 'open') j = this.matchingClose(j, e) + 1;
      if (this.word(j) !== 'AS') this.deny('a WITH clause', 'The statement does not parse.');
      j++;
      if (this.word(j) === 'NOT') j++;
      if (this.word(j) === 'MATERIALIZED') j++;
      if (this.sig[j]?.kind !== 'open') this.deny('a WITH clause', 'The statement does not parse.');
      if (['INSERT', 'UPDATE', 'DELETE', 'MERGE'].includes(this.word(j + 1))) {
        this.deny(`${this.word(j + 1)} in a WITH clause`, 'A principal’s WITH clauses are queries.');
      }
      const close = this.matchingClose(j, e);
      // DuckDB binds a recursive CTE's own name to the CTE only in the recursive term (after the
      // last UNION); in the anchor, and without a UNION, the name is the table's.
      const union = recursive ? this.lastTopLevel(j + 1, close, 'UNION') : -1;
      if (union < 0) await this.scan(j + 1, close, ctes, newLevel(level), false);
      else {
        await this.scan(j + 1, union, ctes, newLevel(level), false);
        await this.scan(union, close, new Set([...ctes, name]), newLevel(level), false);
      }
      ctes.add(name);
      j = close + 1;
      if (this.sig[j]?.kind !== 'comma') break;
      j++;
    }
    return { ctes, end: j };
  }

  private lastTopLevel(s: number, e: number, word: string): number {
    let depth = 0;
    let found = -1;
    for (let i = s; i < e; i++) {
      if (this.sig[i].kind === 'open') depth++;
      else if (this.sig[i].kind === 'close') depth--;
      else if (depth === 0 && this.word(i) === word) found = i;
    }
    return found;
  }

  /** A column the view leaves out, named as `alias.column` (at this level or an outer one) or bare over the level's only table. */
  private checkColumns(level: Level): void {
    for (const q of level.qualified) {
      for (let l: Level | undefined = level; l; l = l.parent) {
        const rel = l.relations.find((r) => r.alias === q.qual);
        if (rel) {
          if (rel.hidden.has(q.col)) this.denyColumn(q.col, rel.label);
          break;
        }
      }
    }
    if (level.relations.length === 1) {
      const rel = level.relations[0];
      for (const b of level.bare) if (rel.hidden.has(b)) this.denyColumn(b, rel.label);
    }
  }

  private denyColumn(column: string, table: string): never {
    this.deny(`column "${column}" of ${table}`, 'No grant of the caller includes it.', `${table}.${column}`);
  }
}

function newLevel(parent?: Level): Level {
  return { parent, relations: [], qualified: [], bare: [] };
}

function endOf(t: Lex): number {
  return t.at + t.text.length;
}

type ValueType = 'text' | 'int' | 'bool' | 'text[]';
type Cell = string | number | boolean | null | readonly string[];

const SCHEMATA: { name: string; type: ValueType }[] = [
  'catalog_name',
  'schema_name',
  'schema_owner',
  'default_character_set_catalog',
  'default_character_set_schema',
  'default_character_set_name',
  'sql_path',
].map((name) => ({ name, type: 'text' }));

const TABLES: { name: string; type: ValueType }[] = [
  'table_catalog',
  'table_schema',
  'table_name',
  'table_type',
  'self_referencing_column_name',
  'reference_generation',
  'user_defined_type_catalog',
  'user_defined_type_schema',
  'user_defined_type_name',
  'is_insertable_into',
  'is_typed',
  'commit_action',
].map((name) => ({ name, type: 'text' }));

const COLUMNS: { name: string; type: ValueType }[] = [
  { name: 'table_catalog', type: 'text' },
  { name: 'table_schema', type: 'text' },
  { name: 'table_name', type: 'text' },
  { name: 'column_name', type: 'text' },
  { name: 'ordinal_position', type: 'int' },
  { name: 'column_default', type: 'text' },
  { name: 'is_nullable', type: 'text' },
  { name: 'data_type', type: 'text' },
];

const SHOW_ALL_TABLES: { name: string; type: ValueType }[] = [
  { name: 'database', type: 'text' },
  { name: 'schema', type: 'text' },
  { name: 'name', type: 'text' },
  { name: 'column_names', type: 'text[]' },
  { name: 'column_types', type: 'text[]' },
  { name: 'temporary', type: 'bool' },
];

/** `SELECT * FROM (VALUES …) AS v(columns)`, every cell cast to its column's type (a query with no rows when there are none); the same text in DuckDB's SQL and PostgreSQL's, but for text[] (DuckDB only). */
function valuesSelect(columns: readonly { name: string; type: ValueType }[], rows: readonly (readonly Cell[])[]): string {
  const names = columns.map((c) => `"${c.name}"`);
  const cell = (v: Cell, type: ValueType): string => {
    const sqlType = { text: 'VARCHAR', int: 'INTEGER', bool: 'BOOLEAN', 'text[]': 'VARCHAR[]' }[type];
    if (v === null) return `CAST(NULL AS ${sqlType})`;
    if (Array.isArray(v)) return `CAST([${v.map(literal).join(', ')}] AS VARCHAR[])`;
    if (typeof v === 'boolean') return v ? 'true' : 'false';
    return `CAST(${typeof v === 'number' ? String(v) : literal(String(v))} AS ${sqlType})`;
  };
  if (rows.length === 0) {
    return `SELECT ${columns.map((c, k) => `${cell(null, c.type)} AS ${names[k]}`).join(', ')} WHERE 1 = 0`;
  }
  const values = rows.map((r) => `(${r.map((v, k) => cell(v, columns[k].type)).join(', ')})`).join(', ');
  return `SELECT * FROM (VALUES ${values}) AS v(${names.join(', ')})`;
}

function literal(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}
