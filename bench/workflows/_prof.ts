import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from '/work/wt-engine/src/core/clock.js';
import { godwitHome } from '/work/wt-engine/src/core/home.js';
import { openMetadata } from '/work/wt-engine/src/meta/index.js';
import { LocalWorkflowService } from '/work/wt-engine/src/workflows/local-workflow-service.js';
const n = Number(process.argv[2] ?? 1000);
const States: Record<string, object> = {};
for (let i = 0; i < n; i++) States[`S${i}`] = i === n - 1 ? { Type: 'Pass', End: true } : { Type: 'Pass', Next: `S${i + 1}` };
const root = mkdtempSync(join(tmpdir(), 'prof-'));
const metadata = await openMetadata(godwitHome(join(root, 'home')), systemClock, {});
const service = new LocalWorkflowService({ catalog: metadata.workflows, clock: systemClock, integrations: { resolve: () => undefined, check: () => {} }, itemIo: {} as never });
const m = await service.createStateMachine({ name: 'b', definition: JSON.stringify({ StartAt: 'S0', States }), roleArn: 'r' });
for (let k = 0; k < 10; k++) {
  const t = performance.now();
  await service.startSyncExecution({ stateMachineArn: m.stateMachineArn, input: '{"value":1}' });
  console.log(k, (performance.now() - t).toFixed(1));
}
await service.close(); await metadata.close();
