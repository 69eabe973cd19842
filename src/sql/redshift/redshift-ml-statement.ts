/**
 * Redshift ML's statements read into the statement model: `CREATE MODEL`, `SHOW MODEL name | ALL`
 * and `DROP MODEL [IF EXISTS] name`. The reader keeps every clause as written (keyword → value)
 * and judges none of them: which clauses, model types and hyperparameters Godwit runs is
 * src/warehouse/rsml's to say, with an error naming what is not supported. Bring-your-own-model
 * (`FROM 'job_name'`, `SAGEMAKER 'endpoint'`, `RETURNS`) is read too, so that the refusal can
 * say what it is rather than "unreadable".
 */
import type { StatementBody } from '../sql-statement.js';
import { Unreadable } from '../sql-statement.js';
import { readTableRef } from '../sql-table-ref.js';
import { isWord, joinTokens, matchingClose, splitAtCommas, type Token } from '../sql-tokens.js';

/** The statement body, or undefined when `sig` is no Redshift MODEL statement. */
export function readRedshiftModelStatement(sig: readonly Token[], tokens: readonly Token[]): StatementBody | undefined {
  const word = (k: number, ...w: string[]) => isWord(sig[k], ...w);
  if (word(0, 'SHOW') && word(1, 'MODEL')) {
    if (word(2, 'ALL') && sig.length === 3) return { kind: 'show-model' };
    const name = readTableRef(sig, 2, 'redshift');
    if (!name || name.end !== sig.length) throw new Unreadable('SHOW MODEL takes a model name or ALL: SHOW MODEL [schema.]model');
    return { kind: 'show-model', model: name.ref };
  }
  if (word(0, 'DROP') && word(1, 'MODEL')) {
    const ifExists = word(2, 'IF') && word(3, 'EXISTS');
    const name = readTableRef(sig, ifExists ? 4 : 2, 'redshift');
    if (!name || name.end !== sig.length) throw new Unreadable('DROP MODEL [IF EXISTS] [schema.]model');
    return { kind: 'drop-model', model: name.ref, ifExists };
  }
  if (!word(0, 'CREATE') || !word(1, 'MODEL')) return undefined;
  const name = readTableRef(sig, 2, 'redshift');
  if (!name) throw new Unreadable('CREATE MODEL needs a name: CREATE MODEL [schema.]model FROM … FUNCTION … IAM_ROLE …');
  if (!word(name.end, 'FROM')) throw new Unreadable('CREATE MODEL name FROM { table | (select …) } …: the FROM is missing');
  return { kind: 'redshift-create-model', model: name.ref, ...readBody(sig, tokens, name.end + 1) };
}

type Body = Omit<Extract<StatementBody, { kind: 'redshift-create-model' }>, 'kind' | 'model'>;

function readBody(sig: readonly Token[], tokens: readonly Token[], at: number): Body {
  const source = readSource(sig, tokens, at);
  const clauses = new Map<string, string>();
  const lists = new Map<string, [string, string][]>();
  let k = source.end;
  while (k < sig.length) {
    const key = clauseAt(sig, k);
    if (!key) throw new Unreadable(`CREATE MODEL: ${sig[k].text} is not a clause of CREATE MODEL`);
    if (clauses.has(key.name) || lists.has(key.name)) throw new Unreadable(`CREATE MODEL: ${key.name} is given twice`);
    k = key.end;
    if (key.name === 'SETTINGS' || key.name === 'HYPERPARAMETERS') {
      const read = readList(sig, k, key.name);
      lists.set(key.name, read.pairs);
      k = read.end;
      continue;
    }
    const value = readValue(sig, k, key.name);
    clauses.set(key.name, value.text);
    k = value.end;
  }
  return { ...source.from, clauses, settings: lists.get('SETTINGS'), hyperparameters: lists.get('HYPERPARAMETERS') };
}

function readSource(sig: readonly Token[], tokens: readonly Token[], at: number) {
  const t = sig[at];
  if (t?.kind === 'string') return { from: { job: t.value ?? '' }, end: at + 1 };
  if (t?.kind === 'open') {
    const close = matchingClose(sig, at);
    const select = joinTokens(tokens.slice(tokens.indexOf(sig[at]) + 1, tokens.indexOf(sig[close]))).trim();
    return { from: { select }, end: close + 1 };
  }
  const table = readTableRef(sig, at, 'redshift');
  if (!table) throw new Unreadable('CREATE MODEL FROM takes a table, a (select …) or a training job name');
  return { from: { table: table.ref }, end: table.end };
}

/** Two-word clauses first, so `IAM_ROLE` and `MODEL_TYPE` are not mistaken for shorter ones. */
const CLAUSES = [
  'TARGET',
  'FUNCTION',
  'RETURNS',
  'SAGEMAKER',
  'IAM_ROLE',
  'AUTO',
  'MODEL_TYPE',
  'PROBLEM_TYPE',
  'OBJECTIVE',
  'PREPROCESSORS',
  'HYPERPARAMETERS',
  'SETTINGS',
];

function clauseAt(sig: readonly Token[], k: number): { name: string; end: number } | undefined {
  const name = sig[k]?.kind === 'word' ? sig[k].text.toUpperCase() : '';
  return CLAUSES.includes(name) ? { name, end: k + 1 } : undefined;
}

/** A clause's value up to the next clause: a word, a string, a (list) or `default`. */
function readValue(sig: readonly Token[], k: number, clause: string): { text: string; end: number } {
  const parts: string[] = [];
  let end = k;
  while (end < sig.length && !clauseAt(sig, end)) {
    const t = sig[end];
    if (t.kind === 'open') {
      const close = matchingClose(sig, end);
      parts.push(
        sig
          .slice(end + 1, close)
          .map(textOf)
          .join(' '),
      );
      end = close + 1;
    } else {
      parts.push(textOf(t));
      end++;
    }
  }
  if (parts.length === 0) throw new Unreadable(`CREATE MODEL: ${clause} needs a value`);
  return { text: parts.join(' ').trim(), end };
}

/** `SETTINGS (KEY value, …)`, `HYPERPARAMETERS DEFAULT [EXCEPT (KEY 'value', …)]`. */
function readList(sig: readonly Token[], k: number, clause: string): { pairs: [string, string][]; end: number } {
  let at = k;
  if (clause === 'HYPERPARAMETERS') {
    if (!isWord(sig[at], 'DEFAULT')) throw new Unreadable("HYPERPARAMETERS DEFAULT [EXCEPT (KEY 'value', …)]");
    if (!isWord(sig[at + 1], 'EXCEPT')) return { pairs: [], end: at + 1 };
    at += 2;
  }
  if (sig[at]?.kind !== 'open') throw new Unreadable(`${clause} needs a parenthesised list: ${clause} (KEY 'value', …)`);
  const close = matchingClose(sig, at);
  const pairs = splitAtCommas(sig.slice(at + 1, close)).map((item): [string, string] => {
    const [key, ...rest] = item;
    if (key?.kind !== 'word' || rest.length === 0) throw new Unreadable(`${clause}: ${joinTokens(item)} is not KEY value`);
    const value = rest.map(textOf).join(' ');
    return [key.text.toUpperCase(), value];
  });
  return { pairs, end: close + 1 };
}

function textOf(t: Token): string {
  return t.kind === 'string' ? (t.value ?? '') : t.text;
}
