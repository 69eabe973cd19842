import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from '../../src/core/clock.js';
import { godwitHome } from '../../src/core/home.js';
import { openMetadata } from '../../src/meta/index.js';
import { LocalWorkflowService } from '../../src/workflows/local-workflow-service.js';
const n = Number(process.argv[2] ?? 1000);
const States: Record<string, object> = {};
for (let i = 0; i < n; i++) States[`S${i}`] = i === n - 1 ? { Type: 'Pass', End: true } : { Type: 'Pass', Next: `S${i + 1}` };
const root = mkdtempSync(join(tmpdir(), 'prof-'));
const metadata = await openMetadata(godwitHome(join(root, 'home')), systemClock, {});
const catalog = metadata.workflows;
let commitMs = 0;
const real = catalog.commit.bind(catalog);
const timedCatalog = new Proxy(catalog, { get: (t, k) => k === 'commit' ? async (...a: unknown[]) => { const s = performance.now(); try { return await (real as any)(...a); } finally { commitMs += performance.now() - s; } } : (t as any)[k] });
const service = new LocalWorkflowService({ catalog: timedCatalog, clock: systemClock, integrations: { resolve: () => undefined, check: () => {} }, itemIo: {} as never });
const m = await service.createStateMachine({ name: 'b', definition: JSON.stringify({ StartAt: 'S0', States }), roleArn: 'r' });
for (let k = 0; k < 10; k++) {
  commitMs = 0;
  const t = performance.now(); const c = process.cpuUsage();
  await service.startSyncExecution({ stateMachineArn: m.stateMachineArn, input: '{"value":1}' });
  const u = process.cpuUsage(c);
  console.log(k, (performance.now() - t).toFixed(1), 'cpu', ((u.user + u.system) / 1000).toFixed(1), 'commit', commitMs.toFixed(1));
}
await service.close(); await metadata.close();
