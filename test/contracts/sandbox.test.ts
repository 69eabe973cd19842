import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { pipeline, processing } from '../../src/pipeline/dsl/index.js';
import { sandboxMode } from '../../src/runtime/contracts/sandbox.js';
import { bwrapProblem, bwrapSkip, type ContractHarness, contractHarness, hasPython } from './helpers.js';

const GODWIT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe('sandbox mode', () => {
  test('GODWIT_SANDBOX=none runs on the host; an unknown value is an error that lists the choices', async () => {
    assert.equal(await sandboxMode({ GODWIT_SANDBOX: 'none' }), 'none');
    await assert.rejects(sandboxMode({ GODWIT_SANDBOX: 'docker' }), { code: 'E_SANDBOX_MODE', message: /auto, bwrap or none/ });
  });

  test('GODWIT_SANDBOX=bwrap where bubblewrap cannot run is an error that says why and how out', async () => {
    const missing = async () => 'bwrap is not installed';
    await assert.rejects(sandboxMode({ GODWIT_SANDBOX: 'bwrap' }, missing), {
      code: 'E_SANDBOX_UNAVAILABLE',
      message: /GODWIT_SANDBOX=bwrap but bubblewrap cannot run here: bwrap is not installed/,
      hint: /apt-get install bubblewrap.*GODWIT_SANDBOX=none/,
    });
    assert.equal(await sandboxMode({}, missing), 'none', 'auto falls back to the host');
  });

  test('auto picks bubblewrap exactly when it can run here', { skip: hasPython ? false : 'no python' }, async () => {
    assert.equal(await sandboxMode({}), bwrapProblem === undefined ? 'bwrap' : 'none');
  });
});

describe('bubblewrap isolation', { skip: bwrapSkip || (!hasPython && 'no /usr/bin/python3') }, () => {
  let h: ContractHarness;
  before(async () => {
    // A home outside /tmp, so hiding it is the sandbox's doing and not the private /tmp's.
    h = await contractHarness({}, '/var/tmp');
  });
  after(async () => h.close());

  const probe = (name: string, extra = '') =>
    processing(name, {
      command: ['python3', '-c'],
      args: [
        `import json, os
${extra}
seen = {'opt_ml': sorted(os.listdir('/opt/ml')), 'home_visible': os.path.exists(os.environ['GODWIT_HOME'] + '/runs'),
        'tmp': sorted(os.listdir('/tmp'))}
open('/tmp/scratch.txt', 'w').write('private')
os.makedirs('/opt/ml/processing/output/seen', exist_ok=True)
json.dump(seen, open('/opt/ml/processing/output/seen/seen.json', 'w'))`,
      ],
      contract: 'sagemaker',
      outputs: { seen: 'metrics' },
    });

  test("each step sees its own workspace at /opt/ml, a private /tmp, and not Godwit's home", async () => {
    const a = probe('a', "open('/opt/ml/secret-a', 'w').write('a')");
    const b = probe('b');
    const outcome = await h.run(pipeline('iso', { steps: [a, b] }), {}, 'bwrap', { GODWIT_HOME: h.home.root });
    assert.equal(outcome.status, 'succeeded', outcome.error);
    const seenB = JSON.parse(await readFile(join(await h.artifactDir(outcome.runId, 'b', 'seen'), 'seen.json'), 'utf8'));
    assert.equal(seenB.opt_ml.includes('secret-a'), false, "step b saw step a's workspace");
    assert.deepEqual(seenB.opt_ml, ['config', 'output', 'processing']);
    assert.equal(seenB.home_visible, false, "Godwit's home (other runs, the artifact store) must be hidden");
    // Empty, but for Godwit's own files when Godwit itself is installed under /tmp (a CI checkout):
    // those are exposed read-only so its image and shipped scripts can run.
    assert.deepEqual(seenB.tmp, GODWIT_ROOT.startsWith('/tmp/') ? [GODWIT_ROOT.split('/')[2]] : []);
    assert.equal(existsSync('/tmp/scratch.txt'), false, 'the step wrote to the host /tmp');
  });

  test('says once per run which mode it is in, and in each step log', async () => {
    const outcome = await h.run(pipeline('once', { steps: [probe('c'), probe('d')] }), {}, 'bwrap', { GODWIT_HOME: h.home.root });
    const events = (await h.services.metadata.store.listEvents(outcome.runId)).filter((e) => e.type === 'sandbox');
    assert.equal(events.length, 1);
    assert.match(events[0].message, /Sandbox: bubblewrap/);
    assert.match(await h.log(outcome.runId, 'd'), /Sandbox: bubblewrap/);
  });

  test("a step writing outside its workspace fails with a clear error; the earlier step's artifacts are untouched", async () => {
    const first = probe('first');
    const writer = processing('writer', {
      command: ['python3', '-c'],
      args: ["open('/usr/local/godwit-was-here.txt', 'w').write('x')"],
      contract: 'sagemaker',
      dependsOn: [first],
    });
    const outcome = await h.run(pipeline('escape', { steps: [first, writer] }), {}, 'bwrap', { GODWIT_HOME: h.home.root });
    assert.equal(outcome.status, 'failed');
    assert.match(
      outcome.error ?? '',
      /Step "writer" failed: its process tried to write outside its workspace, which bubblewrap keeps read-only/,
    );
    assert.match(outcome.error ?? '', /Read-only file system: '\/usr\/local\/godwit-was-here.txt'/);
    assert.match(outcome.error ?? '', /GODWIT_SANDBOX=none/);
    assert.equal(existsSync('/usr/local/godwit-was-here.txt'), false);
    const [attempt] = await h.services.metadata.store.listAttempts(outcome.runId, 'writer');
    assert.equal(attempt.status, 'failed');
    const seen = await h.artifactDir(outcome.runId, 'first', 'seen');
    assert.ok(existsSync(join(seen, 'seen.json')), "the earlier step's artifact is still there");
    assert.equal((await h.steps(outcome.runId)).first.status, 'succeeded');
  });

  test('an interpreter inside /tmp (a virtualenv) stays usable behind the private /tmp', async () => {
    const venv = await mkdtemp(join(tmpdir(), 'godwit-venv-'));
    try {
      await mkdir(join(venv, 'bin'));
      await symlink('/usr/bin/python3', join(venv, 'bin', 'python'));
      const step = processing('venv', {
        command: ['python3', '-c'],
        args: ["import sys; open('/opt/ml/processing/output/out/exe.txt', 'w').write(sys.executable)"],
        contract: 'sagemaker',
        outputs: { out: 'dataset' },
      });
      const outcome = await h.run(pipeline('venv', { steps: [step] }), {}, 'bwrap', {
        GODWIT_PYTHON: join(venv, 'bin', 'python'),
      });
      assert.equal(outcome.status, 'succeeded', outcome.error);
      assert.equal(
        await readFile(join(await h.artifactDir(outcome.runId, 'venv', 'out'), 'exe.txt'), 'utf8'),
        join(venv, 'bin', 'python'),
      );
    } finally {
      await rm(venv, { recursive: true, force: true });
    }
  });

  test('a timeout ends the sandbox and everything the script started', async () => {
    const marker = `${30 + Math.floor(Math.random() * 1000) / 1000}`;
    const slow = processing('slow', {
      command: ['sh', '-c', `sleep ${marker} & wait`],
      contract: 'sagemaker',
      timeoutSeconds: 0.5,
    });
    const started = Date.now();
    const outcome = await h.run(pipeline('slow', { steps: [slow] }), {}, 'bwrap');
    assert.equal(outcome.status, 'failed');
    assert.match(outcome.error ?? '', /longer than its timeout of 0\.5 s/);
    assert.ok(Date.now() - started < 8000);
    await new Promise((r) => setTimeout(r, 200));
    const ps = spawnSync('ps', ['-eo', 'args'], { encoding: 'utf8' }).stdout;
    assert.equal(
      ps.split('\n').some((l) => l.includes(`sleep ${marker}`)),
      false,
      'the sleep outlived its step',
    );
  });
});
