/**
 * CreateTrainingJob → Completed for a 1-second script, through the official SageMaker client
 * against `godwit server`, beside the same script started directly, in one run:
 *
 *   node --conditions=godwit-source --import tsx bench/jobs/run.ts
 *
 * - "direct": `python3 train_one_second.py`, spawned and awaited: no Godwit at all.
 * - "Godwit": CreateTrainingJob until the job's recorded end (TrainingEndTime), with the
 *   server in this process: validation, the job record, planning, the one-step background run
 *   under the SageMaker contract (bubblewrap, and without a sandbox), settling the record. The
 *   client polls DescribeTrainingJob every POLL_MS (50) ms; when it saw Completed is shown too.
 *
 * Target: ≤ 0.3 s of Godwit overhead (Godwit − direct). Medians of BENCH_REPEAT runs (default 5),
 * interleaved. The server runs in this process, so the CPU time Godwit spends is measured too.
 * The training kind is used when installed (JOB_KINDS.training); until then the tests' shell kind
 * stands in (the same script as a contract step), and the bench says so.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CreateTrainingJobCommand, DescribeTrainingJobCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { godwitHome } from '../../src/core/home.js';
import { JOB_KINDS } from '../../src/jobs/job-kind.js';
import { startServer } from '../../src/server/start-server.js';

const REPEAT = Number(process.env.BENCH_REPEAT ?? 5);
const POLL_MS = Number(process.env.BENCH_POLL_MS ?? 50);
const PYTHON = process.env.GODWIT_PYTHON ?? '/usr/bin/python3';

const root = await mkdtemp(join(tmpdir(), 'godwit-bench-jobs-'));
// Beside this file, not in the temporary folder: a contract step in bubblewrap has a /tmp of its own.
const script = fileURLToPath(new URL('./train_one_second.py', import.meta.url));

const standIn = JOB_KINDS.training === undefined;
if (standIn) await (await import('../../test/jobs/fixtures/shell-job-kind.js')).useShellKinds();

/** The request: the training kind's real shape, or the stand-in's (the shell runs the script). */
function request(name: string) {
  const common = {
    TrainingJobName: name,
    RoleArn: 'arn:aws:iam::000000000000:role/local',
    OutputDataConfig: { S3OutputPath: `file://${join(root, 'output')}` },
    ResourceConfig: { InstanceType: 'ml.m5.large' as const, InstanceCount: 1, VolumeSizeInGB: 1 },
    StoppingCondition: { MaxRuntimeInSeconds: 600 },
  };
  if (standIn)
    return {
      ...common,
      AlgorithmSpecification: { TrainingImage: 'sh', TrainingInputMode: 'File' as const },
      HyperParameters: { script: `exec ${PYTHON} ${script}` } as Record<string, string>,
    };
  return {
    ...common,
    AlgorithmSpecification: {
      TrainingImage: '683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3',
      TrainingInputMode: 'File' as const,
    },
    HyperParameters: {
      sagemaker_program: '"train_one_second.py"',
      sagemaker_submit_directory: `"file://${dirname(script)}"`,
    } as Record<string, string>,
  };
}

const server = await startServer(godwitHome(join(root, 'home')), { host: '127.0.0.1', port: 0, log: () => {} });
const sm = new SageMakerClient({
  endpoint: server.url,
  region: 'us-east-1',
  credentials: { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'local' },
});

let jobs = 0;
/** The phases of one job, from its secondary status transitions (ms each). */
const phases = new Map<string, number[]>();

/**
 * `ms` is until the job's recorded end (TrainingEndTime: the server's clock is this process's),
 * so the client's polling interval does not count; `seenMs` is until the client saw Completed.
 */
async function timeGodwit(sandbox: 'bwrap' | 'none'): Promise<{ ms: number; seenMs: number; cpuMs: number }> {
  // Read by the contract when the step starts, as `godwit run` reads it.
  process.env.GODWIT_SANDBOX = sandbox;
  const name = `bench-${++jobs}`;
  const cpu = process.cpuUsage();
  const [start, wall] = [performance.now(), Date.now()];
  await sm.send(new CreateTrainingJobCommand(request(name)));
  for (;;) {
    const d = await sm.send(new DescribeTrainingJobCommand({ TrainingJobName: name }));
    if (d.TrainingJobStatus === 'Completed') {
      const seenMs = performance.now() - start;
      const used = process.cpuUsage(cpu);
      for (const t of d.SecondaryStatusTransitions ?? []) {
        const key = `${sandbox} ${t.Status}`;
        phases.set(key, [...(phases.get(key) ?? []), (t.EndTime?.getTime() ?? 0) - (t.StartTime?.getTime() ?? 0)]);
      }
      return { ms: (d.TrainingEndTime?.getTime() ?? 0) - wall, seenMs, cpuMs: (used.user + used.system) / 1000 };
    }
    if (d.TrainingJobStatus !== 'InProgress') throw new Error(`bench job ${d.TrainingJobStatus}: ${d.FailureReason}`);
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

function timeDirect(): Promise<number> {
  const start = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(PYTHON, [script], { cwd: root, stdio: 'ignore' });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(performance.now() - start) : reject(new Error(`exit ${code}`))));
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

try {
  await timeGodwit('none'); // warm-up: loads the kind, the SDK's and the executor's modules
  await timeDirect();
  const times = {
    bwrap: [] as number[],
    none: [] as number[],
    seen: [] as number[],
    cpu: [] as number[],
    direct: [] as number[],
  };
  for (let i = 0; i < REPEAT; i++) {
    for (const sandbox of ['bwrap', 'none'] as const) {
      const g = await timeGodwit(sandbox);
      times[sandbox].push(g.ms);
      if (sandbox === 'none') times.cpu.push(g.cpuMs);
      if (sandbox === 'none') times.seen.push(g.seenMs);
    }
    times.direct.push(await timeDirect());
  }
  const d = median(times.direct);
  const say = (label: string, ms: number) =>
    console.log(
      `${label.padEnd(44)}${ms.toFixed(0)} ms, overhead ${(ms - d).toFixed(0)} ms (target ≤ 300 ms: ${ms - d <= 300 ? 'met' : 'not met'})`,
    );
  console.log(
    `${cpus()[0]?.model ?? 'cpu'} × ${cpus().length}, Node ${process.version}, ${REPEAT} runs, polling every ${POLL_MS} ms`,
  );
  if (standIn) console.log("training kind not installed: the tests' shell kind runs the script as a one-step contract run");
  console.log(`${'direct script'.padEnd(44)}${d.toFixed(0)} ms`);
  say('CreateTrainingJob → Completed, no sandbox', median(times.none));
  say('CreateTrainingJob → Completed, bubblewrap', median(times.bwrap));
  console.log(`client saw Completed (no sandbox, polling):   ${median(times.seen).toFixed(0)} ms`);
  console.log(`CPU of this process per job (server + client, no sandbox): ${median(times.cpu).toFixed(0)} ms`);
  for (const [phase, ms] of phases) console.log(`  phase ${phase.padEnd(20)} ${median(ms).toFixed(0)} ms`);
} finally {
  sm.destroy();
  await server.stop();
  await rm(root, { recursive: true, force: true });
}
