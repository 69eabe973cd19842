import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parsePrincipal, parseResource, resourceText } from '../../src/governance/catalog/resource-syntax.js';

describe('resources and principals on the command line', () => {
  test('each spelling is the Lake Formation resource, and reads back the same', () => {
    const cases: [string, unknown, string?][] = [
      ['catalog', { Catalog: {} }],
      ['churn', { Database: { Name: 'churn' } }],
      ['churn.*', { Table: { DatabaseName: 'churn', TableWildcard: {} } }],
      ['churn.customers', { Table: { DatabaseName: 'churn', Name: 'customers' } }],
      [
        'churn.customers(id, email)',
        { TableWithColumns: { DatabaseName: 'churn', Name: 'customers', ColumnNames: ['id', 'email'] } },
        'churn.customers(id,email)',
      ],
      [
        'churn.customers(* except email,phone)',
        {
          TableWithColumns: {
            DatabaseName: 'churn',
            Name: 'customers',
            ColumnWildcard: { ExcludedColumnNames: ['email', 'phone'] },
          },
        },
      ],
      [
        'churn.customers(*)',
        { TableWithColumns: { DatabaseName: 'churn', Name: 'customers', ColumnWildcard: { ExcludedColumnNames: [] } } },
      ],
      [
        'filter:churn.customers.eu_no_pii',
        { DataCellsFilter: { DatabaseName: 'churn', TableName: 'customers', Name: 'eu_no_pii' } },
      ],
      [
        'location:s3://datalake/raw/',
        { DataLocation: { ResourceArn: 'arn:aws:s3:::datalake/raw' } },
        'location:arn:aws:s3:::datalake/raw',
      ],
      ['location:gs://lake/raw/', { DataLocation: { ResourceArn: 'gs://lake/raw/' } }],
      ['tag:domain=sales|finance', { LFTag: { TagKey: 'domain', TagValues: ['sales', 'finance'] } }],
      [
        'tags:TABLE:domain=sales,pii=false',
        {
          LFTagPolicy: {
            ResourceType: 'TABLE',
            Expression: [
              { TagKey: 'domain', TagValues: ['sales'] },
              { TagKey: 'pii', TagValues: ['false'] },
            ],
          },
        },
      ],
    ];
    for (const [text, resource, back] of cases) {
      assert.deepEqual(parseResource(text), resource, text);
      assert.equal(resourceText(parseResource(text)), back ?? text);
    }
  });

  test('what is not a resource or a principal says what is expected', () => {
    for (const bad of ['filter:churn.customers', 'churn.*(id)', 'tags:VIEW:a=b', 'a.b.c', 'tag:domain']) {
      assert.throws(() => parseResource(bad), { code: 'E_CATALOG_INPUT' }, bad);
    }
    assert.equal(parsePrincipal('user/ana'), 'arn:aws:iam::000000000000:user/ana');
    assert.equal(parsePrincipal('role/etl'), 'arn:aws:iam::000000000000:role/etl');
    assert.equal(parsePrincipal('IAM_ALLOWED_PRINCIPALS'), 'IAM_ALLOWED_PRINCIPALS');
    assert.throws(() => parsePrincipal('ana'), { code: 'E_CATALOG_INPUT', hint: /user\/NAME/ });
  });
});
