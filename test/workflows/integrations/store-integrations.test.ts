import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ArtifactStore } from '../../../src/store/artifact-store.js';
import type { StatesError } from '../../../src/workflows/asl/states-error.js';
import { s3Integration } from '../../../src/workflows/integrations/s3-integration.js';
import { storeFactory } from '../../../src/workflows/integrations/store-factory.js';
import { StoreMapItemIo } from '../../../src/workflows/integrations/store-map-item-io.js';
import { startS3rver, type TestS3Server } from '../../helpers/s3-server.js';
import { taskCall } from './integrations-fixture.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = '1';
const never = new AbortController().signal;

// A real S3 server reached through Godwit's stores, as the server's own S3 door would be.
describe('S3 reads and distributed Map item I/O over the stores', () => {
  let s3: TestS3Server;
  let stores: ReturnType<typeof storeFactory>;
  let data: ArtifactStore;
  before(async () => {
    s3 = await startS3rver(['data', 'results']);
    stores = storeFactory(() => ({
      s3: { endpoint: s3.endpoint, region: 'us-east-1', forcePathStyle: true },
      env: { ...process.env, ...s3.env },
    }));
    data = await stores('s3://data');
    await data.put('eval/evaluation.json', '{"regression_metrics":{"mse":{"value":4.2}}}');
    await data.put('items/ratings.csv', 'user,rating,comment\nada,5,"great, really"\nbob,3,"said ""ok"""\n');
    await data.put('items/headless.csv', 'ada,5\r\nbob,3\r\n');
    await data.put('items/items.json', '[{"n":1},{"n":2},{"n":3}]');
    await data.put('items/items.jsonl', '{"n":1}\n{"n":2}\n\n{"n":3}\n');
  });
  after(() => s3?.stop());

  test("aws-sdk:s3:getObject answers Body as text, which compiled documents' ResultSelector parses", async () => {
    const s3Task = s3Integration(stores);
    const out = (await s3Task.invoke(
      taskCall('arn:aws:states:::aws-sdk:s3:getObject', { Bucket: 'data', Key: 'eval/evaluation.json' }),
    )) as Record<string, unknown>;
    assert.deepEqual(JSON.parse(out.Body as string), { regression_metrics: { mse: { value: 4.2 } } });
    assert.equal(out.ContentLength, 44);
    await assert.rejects(
      s3Task.invoke(taskCall('arn:aws:states:::aws-sdk:s3:getObject', { Bucket: 'data', Key: 'nope' })),
      (err: StatesError) => {
        assert.equal(err.error, 'S3.NoSuchKeyException');
        return true;
      },
    );
  });

  test('ItemReader: CSV with its first row or given headers, JSON, JSONL, MaxItems', async () => {
    const io = new StoreMapItemIo(stores);
    const read = (Key: string, ReaderConfig: Record<string, unknown>) =>
      io.readItems(
        { Resource: 'arn:aws:states:::s3:getObject', ReaderConfig: ReaderConfig as never },
        { Bucket: 'data', Key },
        never,
      );
    assert.deepEqual(await read('items/ratings.csv', { InputType: 'CSV', CSVHeaderLocation: 'FIRST_ROW' }), [
      { user: 'ada', rating: '5', comment: 'great, really' },
      { user: 'bob', rating: '3', comment: 'said "ok"' },
    ]);
    assert.deepEqual(
      await read('items/headless.csv', { InputType: 'CSV', CSVHeaderLocation: 'GIVEN', CSVHeaders: ['user', 'rating'] }),
      [
        { user: 'ada', rating: '5' },
        { user: 'bob', rating: '3' },
      ],
    );
    assert.deepEqual(await read('items/items.json', { InputType: 'JSON', MaxItems: 2 }), [{ n: 1 }, { n: 2 }]);
    assert.deepEqual(await read('items/items.jsonl', { InputType: 'JSONL' }), [{ n: 1 }, { n: 2 }, { n: 3 }]);
    await assert.rejects(read('items/missing.json', { InputType: 'JSON' }), (err: StatesError) => {
      assert.equal(err.error, 'States.ItemReaderFailed');
      assert.match(err.causeText, /s3:\/\/data\/items\/missing\.json does not exist/);
      return true;
    });
    await assert.rejects(read('items/ratings.csv', { InputType: 'JSON' }), { error: 'States.ItemReaderFailed' });
  });

  test('ItemReader: listObjectsV2 gives one item per object under the prefix', async () => {
    const io = new StoreMapItemIo(stores);
    const items = (await io.readItems(
      { Resource: 'arn:aws:states:::s3:listObjectsV2' },
      { Bucket: 'data', Prefix: 'items/' },
      never,
    )) as {
      Key: string;
      Size: number;
    }[];
    assert.deepEqual(
      items.map((i) => i.Key),
      ['items/headless.csv', 'items/items.json', 'items/items.jsonl', 'items/ratings.csv'],
    );
    assert.equal(items[1]?.Size, 25);
  });

  test('ResultWriter: manifest.json, SUCCEEDED_0.json and FAILED_0.json under <Prefix>/<map run id>/', async () => {
    const io = new StoreMapItemIo(stores);
    const mapRunArn = 'arn:aws:states:us-east-1:000000000000:mapRun:Batch/Process:5a8e2f0c-1111-2222-3333-444455556666';
    const answer = await io.writeResults(
      { Resource: 'arn:aws:states:::s3:putObject' },
      { Bucket: 'results', Prefix: 'runs' },
      {
        mapRunArn,
        results: [
          { index: 0, status: 'SUCCEEDED', input: { n: 1 }, output: { doubled: 2 } },
          { index: 1, status: 'FAILED', input: { n: -1 }, error: 'ValueError', cause: 'negative' },
        ],
      },
    );
    const folder = 'runs/5a8e2f0c-1111-2222-3333-444455556666';
    assert.deepEqual(answer, {
      MapRunArn: mapRunArn,
      ResultWriterDetails: { Bucket: 'results', Key: `${folder}/manifest.json` },
    });
    const results = await stores('s3://results');
    const manifest = JSON.parse((await results.get(`${folder}/manifest.json`)).toString());
    assert.equal(manifest.DestinationBucket, 'results');
    assert.deepEqual(
      manifest.ResultFiles.SUCCEEDED.map((f: { Key: string }) => f.Key),
      [`${folder}/SUCCEEDED_0.json`],
    );
    assert.deepEqual(manifest.ResultFiles.PENDING, []);
    const [ok] = JSON.parse((await results.get(`${folder}/SUCCEEDED_0.json`)).toString());
    assert.equal(ok.Status, 'SUCCEEDED');
    assert.equal(ok.Input, '{"n":1}');
    assert.equal(ok.Output, '{"doubled":2}');
    const [failed] = JSON.parse((await results.get(`${folder}/FAILED_0.json`)).toString());
    assert.deepEqual([failed.Error, failed.Cause, failed.Status], ['ValueError', 'negative', 'FAILED']);
  });
});
