import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RESERVED } from '../../src/governance/enforce/duckdb-lexer.js';
import { lexPostgres, postgresName, quotePostgres, truncateName } from '../../src/governance/enforce/postgres-lexer.js';

const names = (sql: string) =>
  lexPostgres(sql)
    .filter((t) => t.kind === 'word' || t.kind === 'ident')
    .map(postgresName);

test('unquoted names fold to lower case (ASCII only); quoted names are exact', () => {
  assert.deepEqual(names('CHURN.Customers "Customers" "CHURN" ÄB'), ['churn', 'customers', 'Customers', 'CHURN', 'Äb']);
});

test('names are cut to 63 bytes on a character boundary, as the server cuts them', () => {
  const long = 'a'.repeat(70);
  assert.equal(postgresName(lexPostgres(long)[0]), 'a'.repeat(63));
  assert.equal(Buffer.byteLength(truncateName(`${'a'.repeat(62)}é`)), 62);
  assert.equal(truncateName('short'), 'short');
});

test('strings, dollar quotes, E-strings, nested comments and casts are single tokens', () => {
  const kinds = (sql: string) =>
    lexPostgres(sql)
      .filter((t) => t.kind !== 'space')
      .map((t) => `${t.kind}:${t.text}`);
  assert.deepEqual(kinds("'a\\' $q$ ' $$ $q$ E'\\'' /* /* */ x */ a::text"), [
    "string:'a\\'",
    "string:$q$ ' $$ $q$",
    "string:E'\\''",
    'comment:/* /* */ x */',
    'word:a',
    'op:::',
    'word:text',
  ]);
  assert.equal(lexPostgres('U&"d\\0061ta"')[0].kind, 'unicode');
});

test('a name is written back bare only when folding keeps it', () => {
  assert.equal(quotePostgres('customers', RESERVED), 'customers');
  assert.equal(quotePostgres('Customers', RESERVED), '"Customers"');
  assert.equal(quotePostgres('select', RESERVED), '"select"');
  assert.equal(quotePostgres('a"b', RESERVED), '"a""b"');
});
