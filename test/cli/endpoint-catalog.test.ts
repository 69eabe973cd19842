import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { systemClock } from '../../src/core/clock.js';
import { godwitHome } from '../../src/core/home.js';
import { openMetadata } from '../../src/meta/index.js';
import { findServer, stopServer } from '../../src/server/client.js';
import { type RunningServer, startServer } from '../../src/server/start-server.js';
import { scratchDir } from '../helpers/scratch.js';
import { linearModelDir } from '../serving/model-fixtures.js';
import { cli } from './capture.js';

const root = scratchDir('godwit-endpoint-cli-');
const home = godwitHome(join(root, 'home'));
const env = { GODWIT_HOME: home.root };
const folder = linearModelDir(root, [1, 2], 0.5);
const run = (...args: string[]) => cli(['endpoint', ...args], env, root);

async function statusOf(name: string): Promise<string | undefined> {
  const r = await run('describe', name, '--json');
  return r.code === 0 ? JSON.parse(r.stdout).endpoint.status : undefined;
}

async function until(what: string, ok: () => Promise<boolean>) {
  for (let i = 0; i < 400; i++) {
    if (await ok()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  assert.fail(`never ${what}`);
}

before(async () => {
  const metadata = await openMetadata(home, systemClock, {});
  for (const approvalStatus of ['Approved', 'PendingManualApproval'] as const) {
    await metadata.registry.registerVersion({ group: 'Abalone', modelUri: `${folder}/`, approvalStatus, actor: 'test' });
  }
  await metadata.close();
});

describe('godwit endpoint create|update|delete|list|describe without a server (recorded state)', () => {
  test('create records models, a config and the endpoint, and says how to get it served', async () => {
    const r = await run(
      'create',
      'ab',
      '--variant',
      'name=Blue,model=Abalone/latest-approved,weight=9',
      '--variant',
      'name=Green,model=linear,weight=1,count=2',
      '--capture-uri',
      join(root, 'capture'),
      '--json',
    );
    assert.equal(r.code, 0, r.stderr);
    const made = JSON.parse(r.stdout);
    assert.deepEqual([made.endpoint.status, made.modelNames.length, made.server], ['Creating', 2, null]);
    assert.match(r.stderr, /No Godwit server runs for this home, so nothing serves "ab" yet\. Start one with: godwit server/);
    const text = await run('create', 'one', '--model', 'Abalone/1');
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /^Endpoint "one" recorded \(Creating\): config one-\d{14}-[0-9a-f]{4}, model one-AllTraffic-/);
  });

  test('describe and list read the record: weights as shares, instance counts, capture, no live figures', async () => {
    const d = await run('describe', 'ab');
    assert.equal(d.code, 0, d.stderr);
    assert.match(d.stdout, /^Endpoint ab: Creating \(config ab-/);
    assert.match(d.stdout, /Blue +ab-Blue-\S+ +9 +90% +1\n/);
    assert.match(d.stdout, /Green +ab-Green-\S+ +1 +10% +2\n/);
    assert.match(d.stdout, /Capture: on, 100% of requests \(Input and Output\) to /);
    assert.match(d.stdout, /Live figures: no Godwit server runs for this home/);
    const l = await run('list');
    assert.match(l.stdout, /ENDPOINT +STATUS +CONFIG/);
    assert.match(l.stdout, /\nab +Creating +ab-/);
    const models = JSON.parse((await run('list', '--models', '--json')).stdout) as {
      name: string;
      containers: { modelPackageName?: string }[];
    }[];
    assert.ok(models.some((m) => m.containers[0].modelPackageName?.endsWith(':model-package/Abalone/1')));
    assert.match((await run('list', '--configs')).stdout, /Blue:9 Green:1 +100% → /);
  });

  test('the registry decides: an unapproved version is refused and nothing is left behind', async () => {
    const before = (await run('list', '--models', '--json')).stdout;
    const r = await run('create', 'pending', '--model', 'Abalone/2');
    assert.equal(r.code, 2);
    assert.match(r.stderr, /Abalone\/2" is PendingManualApproval; only an Approved version can be deployed/);
    assert.equal((await run('list', '--models', '--json')).stdout, before);
    const missing = await run('create', 'nope', '--model', 'no/such/thing');
    assert.match(missing.stderr, /--model "no\/such\/thing" is neither a model folder/);
  });

  test('usage and state errors: no source, two sources, an update while Creating, a name in use', async () => {
    assert.equal((await run('create', 'z')).code, 2);
    assert.match(
      (await run('create', 'z', '--model', 'linear', '--variant', 'name=a,model=linear')).stderr,
      /--model or --variant, not both/,
    );
    assert.match((await run('create', 'z', '--variant', 'name=a')).stderr, /needs name= and model=/);
    const busy = await run('update', 'ab', '--weight', 'Blue=1');
    assert.equal(busy.code, 2);
    assert.match(busy.stderr, /Cannot update in-progress endpoint "ab" \(status Creating\)/);
    assert.match(
      (await run('create', 'ab', '--model', 'linear')).stderr,
      /already existing endpoint "ab".*godwit endpoint update ab --model/s,
    );
  });

  test('--config makes only the endpoint; delete without a server removes the record at once', async () => {
    const config = JSON.parse((await run('describe', 'ab', '--json')).stdout).endpoint.configName;
    const r = await run('create', 'same', '--config', config);
    assert.equal(r.code, 0, r.stderr);
    const del = await run('delete', 'same');
    assert.equal(del.stdout, 'Endpoint "same" deleted.\n');
    assert.equal(await statusOf('same'), undefined);
    assert.match((await run('delete', 'same')).stderr, /Could not find endpoint "same"/);
  });
});

describe("godwit endpoint with the home's server running", () => {
  let server: RunningServer;
  before(async () => {
    server = await startServer(home, { host: '127.0.0.1', port: 0, log: () => {}, endpointTickMs: 25 });
  });
  after(() => server?.stop());

  test('recorded endpoints come InService; describe adds live figures; updates and deletes go through the server', async () => {
    await until('InService', async () => (await statusOf('ab')) === 'InService');
    const d = await run('describe', 'ab');
    assert.match(d.stdout, /VARIANT +MODEL +WEIGHT +SHARE +INSTANCES +LIVE +IN FLIGHT/);
    assert.match(d.stdout, /Green +\S+ +1 +10% +2 +2 +0\n/);
    const w = await run('update', 'ab', '--weight', 'Blue=1', '--weight', 'Green=1', '--instances', 'Green=1');
    assert.equal(w.code, 0, w.stderr);
    assert.match(w.stdout, /Endpoint "ab" is Updating: new weights and instance counts\./);
    assert.match(w.stderr, new RegExp(`The Godwit server at ${server.url} is bringing "ab" InService`));
    await until('reweighted', async () => /Green +\S+ +1 +50% +1 +1 +0\n/.test((await run('describe', 'ab')).stdout));
    const m = await run('update', 'ab', '--model', 'linear', '--json');
    assert.equal(m.code, 0, m.stderr);
    assert.equal(JSON.parse(m.stdout).server, server.url);
    await until('moved to the new config', async () =>
      /AllTraffic +\S+ +1 +100% +1 +1 +0\n/.test((await run('describe', 'ab')).stdout),
    );
    const del = await run('delete', 'ab');
    assert.match(del.stdout, /Endpoint "ab" is Deleting; the server at/);
    await until('gone', async () => (await statusOf('ab')) === undefined);
  });
});

describe('godwit endpoint create --serve', () => {
  after(async () => {
    // Never leave the detached server behind, whatever happened.
    await stopServer(home).catch(() => {});
  });

  test('starts a detached server that brings the endpoint InService', async () => {
    const other = godwitHome(join(root, 'home2'));
    const r = await cli(
      ['endpoint', 'create', 'served', '--model', 'linear', '--serve', '--port', '0'],
      { ...process.env, GODWIT_HOME: other.root },
      root,
    );
    try {
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, /Started a Godwit server for .* at http:\/\/127\.0\.0\.1:\d+/);
      const found = await findServer(other);
      assert.ok(found.server, 'the detached server runs');
      await until('InService', async () => {
        const j = await cli(['endpoint', 'describe', 'served', '--json'], { GODWIT_HOME: other.root }, root);
        return JSON.parse(j.stdout).endpoint.status === 'InService';
      });
    } finally {
      await stopServer(other);
    }
  });
});
