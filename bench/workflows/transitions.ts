/**
 * State transitions per second: Godwit's Step Functions engine (recording every transition
 * durably in SQLite, in a temporary home) beside `aws-local-stepfunctions` (an in-memory ASL
 * interpreter in JavaScript) on the same definitions, in the same run.
 *
 *   node --conditions=godwit-source --import tsx bench/workflows/transitions.ts
 *
 * - a chain of 1,000 Pass states (1,000 transitions);
 * - a Map of 10,000 items, each a Pass state (10,001 transitions: the Map and each iteration).
 * A transition is a state entered, as Step Functions counts (and bills) them. Each figure is the
 * median of BENCH_REPEAT runs (5), with CPU time beside wall time since the machine is shared.
 * Then each tool once more in a process of its own, start-up and module loading included.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { StateMachine } from 'aws-local-stepfunctions';
import { systemClock } from '../../src/core/clock.js';
import { GodwitError } from '../../src/core/errors.js';
import { godwitHome } from '../../src/core/home.js';
import { openMetadata } from '../../src/meta/index.js';
import type { MapItemIo } from '../../src/workflows/engine/map-item-io.js';
import { LocalWorkflowService } from '../../src/workflows/local-workflow-service.js';

const REPEAT = Number(process.env.BENCH_REPEAT ?? 5);

interface Case {
  readonly name: string;
  readonly definition: object;
  readonly input: object;
  readonly transitions: number;
}

function chainCase(n: number): Case {
  const States: Record<string, object> = {};
  for (let i = 0; i < n; i++) States[`S${i}`] = i === n - 1 ? { Type: 'Pass', End: true } : { Type: 'Pass', Next: `S${i + 1}` };
  return { name: `chain of ${n} Pass states`, definition: { StartAt: 'S0', States }, input: { value: 1 }, transitions: n };
}

function mapCase(n: number): Case {
  const definition = {
    StartAt: 'Each',
    States: {
      Each: {
        Type: 'Map',
        ItemsPath: '$.items',
        ItemProcessor: { StartAt: 'Item', States: { Item: { Type: 'Pass', End: true } } },
        End: true,
      },
    },
  };
  return {
    name: `Map of ${n} Pass iterations`,
    definition,
    input: { items: Array.from({ length: n }, (_, i) => i) },
    transitions: n + 1,
  };
}

const CASES = [chainCase(1000), mapCase(10_000)];

const NOTHING: MapItemIo = {
  readItems: async () => {
    throw new Error('no distributed Maps here');
  },
  writeResults: async () => {
    throw new Error('no distributed Maps here');
  },
};

const noIntegrations = {
  resolve: () => undefined,
  check: (state: string, resource: string) => {
    throw new GodwitError('E_WORKFLOW_RESOURCE_UNMAPPED', `${state}: ${resource}`);
  },
};

interface Timing {
  readonly ms: number;
  readonly cpuMs: number;
}

async function timed(work: () => Promise<void>): Promise<Timing> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  await work();
  const ms = performance.now() - start;
  const used = process.cpuUsage(cpu);
  return { ms, cpuMs: (used.user + used.system) / 1000 };
}

/** One Godwit run in a fresh home: machine created and execution run to its end, every transition committed. */
async function godwitOnce(c: Case): Promise<Timing> {
  const root = mkdtempSync(join(tmpdir(), 'godwit-bench-sfn-'));
  const metadata = await openMetadata(godwitHome(join(root, 'home')), systemClock, {});
  const service = new LocalWorkflowService({
    catalog: metadata.workflows,
    clock: systemClock,
    integrations: noIntegrations,
    itemIo: NOTHING,
  });
  try {
    const machine = await service.createStateMachine({
      name: 'bench',
      definition: JSON.stringify(c.definition),
      roleArn: 'arn:aws:iam::000000000000:role/b',
    });
    return await timed(async () => {
      const run = await service.startSyncExecution({ stateMachineArn: machine.stateMachineArn, input: JSON.stringify(c.input) });
      if (run.status !== 'SUCCEEDED') throw new Error(`Godwit's run ${run.status}: ${run.cause}`);
    });
  } finally {
    await service.close();
    await metadata.close();
    rmSync(root, { recursive: true, force: true });
  }
}

async function peerOnce(c: Case): Promise<Timing> {
  const machine = new StateMachine(c.definition as ConstructorParameters<typeof StateMachine>[0]);
  return timed(async () => {
    await machine.run(c.input as Parameters<typeof machine.run>[0]).result;
  });
}

const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function measure(c: Case, once: (c: Case) => Promise<Timing>): Promise<Timing> {
  await once(c); // warm-up: module code compiled, caches filled
  const runs: Timing[] = [];
  for (let i = 0; i < REPEAT; i++) runs.push(await once(c));
  return { ms: median(runs.map((r) => r.ms)), cpuMs: median(runs.map((r) => r.cpuMs)) };
}

/** The same case in a process of its own: wall time from spawn to exit. */
function wholeProcess(tool: 'godwit' | 'peer', index: number): Promise<number> {
  const script = fileURLToPath(import.meta.url);
  const start = performance.now();
  const child = spawn(
    process.execPath,
    ['--conditions=godwit-source', '--import', import.meta.resolve('tsx'), script, '--once', tool, String(index)],
    {
      stdio: 'inherit',
    },
  );
  return new Promise((resolve, reject) =>
    child.on('exit', (code) =>
      code === 0 ? resolve(performance.now() - start) : reject(new Error(`${tool} process exited ${code}`)),
    ),
  );
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === '--once') {
    const c = CASES[Number(args[2])];
    await (args[1] === 'godwit' ? godwitOnce(c) : peerOnce(c));
    return;
  }
  console.log(
    `${cpus().length} × ${cpus()[0]?.model}, Node ${process.version}, load ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  const rate = (c: Case, ms: number) => Math.round((c.transitions / ms) * 1000);
  for (const [index, c] of CASES.entries()) {
    const godwit = await measure(c, godwitOnce);
    const peer = await measure(c, peerOnce);
    console.log(`\n${c.name} (${c.transitions} transitions), median of ${REPEAT}:`);
    console.log(
      `  Godwit (durable, SQLite): ${godwit.ms.toFixed(1)} ms wall, ${godwit.cpuMs.toFixed(1)} ms CPU = ${rate(c, godwit.ms)} transitions/s (${rate(c, godwit.cpuMs)} per CPU-second)`,
    );
    console.log(
      `  aws-local-stepfunctions:  ${peer.ms.toFixed(1)} ms wall, ${peer.cpuMs.toFixed(1)} ms CPU = ${rate(c, peer.ms)} transitions/s (${rate(c, peer.cpuMs)} per CPU-second)`,
    );
    console.log(
      `  ratio Godwit / peer: ${(peer.ms / godwit.ms).toFixed(2)}× by wall time, ${(peer.cpuMs / godwit.cpuMs).toFixed(2)}× by CPU time`,
    );
    const gp = await wholeProcess('godwit', index);
    const pp = await wholeProcess('peer', index);
    console.log(
      `  whole process (start-up, module load, one run): Godwit ${gp.toFixed(0)} ms, peer ${pp.toFixed(0)} ms, ratio ${(pp / gp).toFixed(2)}×`,
    );
  }
}

await main();
