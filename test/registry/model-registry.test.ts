import assert from 'node:assert/strict';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { main } from '../../src/cli/main.js';
import { godwitHome } from '../../src/core/home.js';
import { openLocalServices } from '../../src/runtime/local-services.js';
import { tempDir } from '../helpers/harness.js';

describe('model registry', () => {
  let root: string;
  let services: Awaited<ReturnType<typeof openLocalServices>>;
  before(async () => {
    root = await tempDir();
    services = await openLocalServices(godwitHome(join(root, 'home')));
  });
  after(async () => {
    await services.close();
    await rm(root, { recursive: true, force: true });
  });

  test('numbers versions per group and keeps an audit log of approvals', async () => {
    const { registry } = services.metadata;
    const v1 = await registry.registerVersion({
      group: 'G',
      modelUri: 'file:///m1/',
      approvalStatus: 'PendingManualApproval',
      actor: 'test',
    });
    const v2 = await registry.registerVersion({
      group: 'G',
      modelUri: 'file:///m2/',
      approvalStatus: 'PendingManualApproval',
      actor: 'test',
      metrics: { mse: 4.2 },
      inference: { contentTypes: ['text/csv'], inferenceInstances: ['ml.m5.large'] },
    });
    const other = await registry.registerVersion({
      group: 'H',
      modelUri: 'file:///m3/',
      approvalStatus: 'Approved',
      actor: 'test',
    });
    assert.deepEqual([v1.version, v2.version, other.version], [1, 2, 1]);
    assert.equal(v2.id, 'godwit:model-package/G/2');
    assert.deepEqual(v2.metrics, { mse: 4.2 });
    assert.deepEqual(v2.inference?.contentTypes, ['text/csv']);

    const approved = await registry.setApprovalStatus('G', 2, 'Approved', 'alice', 'checked');
    assert.equal(approved.approvalStatus, 'Approved');
    const log = await registry.auditLog('G', 2);
    assert.deepEqual(
      log.map((e) => [e.from, e.to, e.actor, e.note]),
      [
        [undefined, 'PendingManualApproval', 'test', 'registered'],
        ['PendingManualApproval', 'Approved', 'alice', 'checked'],
      ],
    );
    const groups = await registry.listGroups();
    assert.deepEqual(
      groups.map((g) => [g.name, g.versions, g.latest?.version]),
      [
        ['G', 2, 2],
        ['H', 1, 1],
      ],
    );
  });

  test('refuses an unknown approval status and an unknown version, naming them', async () => {
    const { registry } = services.metadata;
    await assert.rejects(
      registry.registerVersion({ group: 'G', modelUri: 'x', approvalStatus: 'Maybe' as never, actor: 't' }),
      /"Maybe" is not a model approval status/,
    );
    await assert.rejects(registry.setApprovalStatus('G', 99, 'Approved', 't'), /group "G" has no version 99/);
  });
});

describe('godwit models register', () => {
  test('registers a model with its metrics report, as a compiled pipeline step does', async () => {
    const root = await tempDir();
    try {
      const metricsDir = join(root, 'evaluation');
      await mkdir(metricsDir);
      await writeFile(join(metricsDir, 'evaluation.json'), JSON.stringify({ regression_metrics: { mse: { value: 5.1 } } }));
      let out = '';
      const io = {
        stdout: capture((s) => {
          out += s;
        }),
        stderr: process.stderr,
        cwd: root,
        env: { GODWIT_HOME: join(root, 'home') },
      };
      const code = await main(
        [
          'models',
          'register',
          'Abalone',
          '--model',
          'gs://bucket/model/',
          '--approval-status',
          'Approved',
          '--metrics',
          metricsDir,
          '--content-type',
          'text/csv',
          '--json',
        ],
        io,
      );
      assert.equal(code, 0);
      const version = JSON.parse(out);
      assert.equal(version.version, 1);
      assert.equal(version.modelUri, 'gs://bucket/model/');
      assert.deepEqual(version.metrics, { regression_metrics: { mse: { value: 5.1 } } });
      assert.deepEqual(version.inference.contentTypes, ['text/csv']);

      let err = '';
      const bad = await main(['models', 'register', 'Abalone', '--model', 'm', '--approval-status', 'Nope'], {
        ...io,
        stderr: capture((s) => {
          err += s;
        }),
      });
      assert.equal(bad, 2);
      assert.match(err, /"Nope" is not a model approval status\. Use one of: PendingManualApproval, Approved, Rejected/);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});

/** A stand-in terminal stream that hands what is written to `sink`. */
function capture(sink: (text: string) => void): NodeJS.WriteStream {
  return {
    isTTY: false,
    write: (text: string) => {
      sink(text);
      return true;
    },
  } as unknown as NodeJS.WriteStream;
}
