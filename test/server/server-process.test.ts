import assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { godwitHome } from '../../src/core/home.js';
import { ensureServer, findServer, stopServer } from '../../src/server/client.js';
import { logFile, pidFile } from '../../src/server/server-files.js';
import { scratchDir } from '../helpers/scratch.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const started: number[] = [];
after(() => {
  // A failed test must not leave a detached server behind.
  for (const pid of started) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {}
  }
});

function cli(args: string[], home: string): ChildProcess {
  const tsx = import.meta.resolve('tsx');
  return spawn(process.execPath, ['--conditions=godwit-source', '--import', tsx, join(ROOT, 'src/cli/bin.ts'), ...args], {
    env: { ...process.env, GODWIT_HOME: home },
  });
}

function runCli(args: string[], home: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = cli(args, home);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d) => (stdout += d));
  child.stderr?.on('data', (d) => (stderr += d));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

const io = (stderr: string[]) => ({
  stderr: { write: (s: string) => stderr.push(s) },
  env: process.env,
});

describe('godwit server as a process: detach, status, one per home, stop', () => {
  const home = godwitHome(join(scratchDir('godwit-server-'), 'home'));

  test('a host other than loopback is refused while the home has no credentials, saying why', async () => {
    const out = await runCli(['server', '--host', '0.0.0.0', '--port', '0'], home.root);
    assert.equal(out.code, 2);
    assert.match(
      out.stderr,
      /will not listen on "0\.0\.0\.0".*no principal with an access key or a token.*godwit principals create/s,
    );
    assert.equal(existsSync(pidFile(home)), false);
  });

  test('--detach starts it; status finds it; a second start names the running one; ensureServer reuses it', async () => {
    const out = await runCli(['server', '--detach', '--port', '0'], home.root);
    assert.equal(out.code, 0, out.stderr);
    const url = /AWS_ENDPOINT_URL=(http:\/\/127\.0\.0\.1:\d+)/.exec(out.stdout)?.[1];
    assert.ok(url, out.stdout);
    const found = await findServer(home);
    assert.equal(found.server?.url, url);
    started.push(found.server?.pid ?? 0);

    const status = await runCli(['server', 'status'], home.root);
    assert.equal(status.code, 0);
    assert.match(status.stdout, new RegExp(`running at ${url} \\(pid ${found.server?.pid}`));
    const second = await runCli(['server', '--port', '0'], home.root);
    assert.equal(second.code, 2);
    assert.match(second.stderr, new RegExp(`already runs at ${url} \\(pid ${found.server?.pid}\\)`));

    const said: string[] = [];
    const reused = await ensureServer(home, io(said), { port: 0 });
    assert.deepEqual([reused.pid, said], [found.server?.pid, []]);
  });

  test('nothing that could hold a secret reaches the log', async () => {
    const { server } = await findServer(home);
    assert.ok(server);
    const secret = 'wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY';
    await fetch(`${server.url}/`, {
      method: 'POST',
      headers: {
        authorization: `AWS4-HMAC-SHA256 Credential=AKIDSECRETLOCAL/20261205/us-east-1/sagemaker/aws4_request, SignedHeaders=host, Signature=${secret}`,
        'x-amz-security-token': secret,
        'x-amz-target': 'SageMaker.ListModelPackageGroups',
      },
      body: JSON.stringify({ NextToken: secret }),
    });
    await fetch(`${server.url}/api/v1/runs?X-Amz-Credential=AKIDSECRETLOCAL&X-Amz-Signature=${secret}&token=${secret}`);
    await fetch(`${server.url}/api/v1/runs/${secret}`);
    const log = await readFile(logFile(home), 'utf8');
    assert.match(log, /POST \/ sagemaker ListModelPackageGroups/);
    assert.match(log, / GET \/api\/v1\/runs api /);
    const withoutPaths = log.replaceAll(`/api/v1/runs/${secret}`, '');
    assert.doesNotMatch(withoutPaths, new RegExp(`${secret}|AKIDSECRETLOCAL|Signature|Credential|X-Amz`, 'i'));
  });

  test('stop ends it cleanly: the pid file goes, status says so (exit 1), a second stop is harmless', async () => {
    const out = await runCli(['server', 'stop'], home.root);
    assert.equal(out.code, 0);
    assert.match(out.stdout, /Stopped the Godwit server at http:\/\/127\.0\.0\.1:\d+ \(pid \d+\)/);
    assert.equal(existsSync(pidFile(home)), false);
    const status = await runCli(['server', 'status'], home.root);
    assert.equal(status.code, 1);
    assert.match(status.stdout, /No Godwit server runs/);
    assert.match((await runCli(['server', 'stop'], home.root)).stdout, /No Godwit server runs/);
  });
});

describe('ensureServer: the CLI rule for verbs that need a live process', () => {
  test('a stale pid file is cleaned up, and a detached server is started and announced', async () => {
    const home = godwitHome(join(scratchDir('godwit-server-'), 'home'));
    const gone = spawnSync('true').pid;
    await mkdir(join(home.root, 'server'), { recursive: true });
    await writeFile(pidFile(home), JSON.stringify({ pid: gone, url: 'http://127.0.0.1:1', home: home.root, startedAt: '' }));
    const status = await runCli(['server', 'status'], home.root);
    assert.match(status.stdout, new RegExp(`removed the stale pid file of process ${gone}`));
    assert.equal(existsSync(pidFile(home)), false);

    await writeFile(pidFile(home), JSON.stringify({ pid: gone, home: home.root, startedAt: '' }));
    const said: string[] = [];
    const server = await ensureServer(home, io(said), { port: 0 });
    started.push(server.pid);
    assert.notEqual(server.pid, gone);
    assert.match(said.join(''), new RegExp(`Started a Godwit server for .* at ${server.url} \\(pid ${server.pid}`));
    assert.equal(((await (await fetch(`${server.url}/api/v1/health`)).json()) as { home: string }).home, home.root);
    const stopped = await stopServer(home);
    assert.equal(stopped?.pid, server.pid);
    assert.equal(existsSync(pidFile(home)), false);
  });
});

describe('godwit server in the foreground', () => {
  test('SIGTERM lets a request in flight finish, then removes the pid file and exits 0', async () => {
    const home = godwitHome(join(scratchDir('godwit-server-'), 'home'));
    const child = cli(['server', '--port', '0'], home.root);
    started.push(child.pid ?? 0);
    let stdout = '';
    child.stdout?.on('data', (d) => (stdout += d));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    const deadline = Date.now() + 30_000;
    while (!/AWS_ENDPOINT_URL=/.test(stdout) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const url = new URL(/AWS_ENDPOINT_URL=(\S+)/.exec(stdout)?.[1] ?? '');
    assert.ok(existsSync(pidFile(home)));

    // A request whose body is still arriving when the signal comes.
    const answer = new Promise<{ status?: number; body: string }>((resolve, reject) => {
      const req = request(
        {
          host: url.hostname,
          port: url.port,
          method: 'POST',
          path: '/endpoints/slow/invocations',
          headers: {
            authorization:
              'AWS4-HMAC-SHA256 Credential=AKIDLOCAL/20261205/us-east-1/sagemaker/aws4_request, SignedHeaders=host, Signature=00',
            'content-length': '6',
          },
        },
        (res) => {
          let body = '';
          res.on('data', (d) => (body += d));
          res.on('end', () => resolve({ status: res.statusCode, body }));
        },
      );
      req.on('error', reject);
      req.write('1,2,');
      setTimeout(() => {
        child.kill('SIGTERM');
        setTimeout(() => req.end('3\n'), 300);
      }, 200);
    });
    const res = await answer;
    assert.equal(res.status, 400);
    assert.match(res.body, /Endpoint slow of account 000000000000 not found/);
    assert.equal(await exited, 0);
    assert.equal(existsSync(pidFile(home)), false);
  });
});
