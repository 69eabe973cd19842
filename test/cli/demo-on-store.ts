import assert from 'node:assert/strict';
import { cli } from './capture.js';

/**
 * Runs the demo with its artifacts under `root` (`GODWIT_ARTIFACTS` in `env`) and checks what a
 * user sees: `runs show` lists every artifact under `<root>/runs/<run>/`, and `godwit storage ls`
 * finds the model's objects there with their SHA-256s.
 */
export async function demoStoresUnder(root: string, env: NodeJS.ProcessEnv, dir: string): Promise<void> {
  const demo = await cli(['demo'], env, dir);
  assert.equal(demo.code, 0, demo.stdout + demo.stderr);
  const runId = /godwit runs show (\S+)/.exec(demo.stdout)?.[1] as string;
  const report = JSON.parse((await cli(['runs', 'show', runId, '--json'], env, dir)).stdout);
  const uris: string[] = report.artifacts.map((a: { uri: string }) => a.uri);
  assert.ok(uris.length >= 4);
  for (const uri of uris) assert.ok(uri.startsWith(`${root}/runs/${runId}/`), uri);
  const model = uris.find((u) => u.endsWith('/train/model/')) as string;
  const listed = JSON.parse((await cli(['storage', 'ls', model, '--json'], env, dir)).stdout);
  assert.ok(listed.objects.length > 0 && listed.objects.every((o: { sha256: string }) => /^[0-9a-f]{64}$/.test(o.sha256)));
}
