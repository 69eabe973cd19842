import assert from 'node:assert/strict';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { main } from '../../src/cli/main.js';
import { tempDir } from '../helpers/harness.js';

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

      // A group name is a path segment in every store and ARN: SageMaker's rule keeps `..` out.
      err = '';
      const evil = await main(['models', 'register', '../../evil', '--model', 'm'], {
        ...io,
        stderr: capture((s) => {
          err += s;
        }),
      });
      assert.equal(evil, 2);
      assert.match(err, /"\.\.\/\.\.\/evil" is not a valid model package group name/);
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
