/**
 * The S3 front door of `godwit server` beside s3rver standing alone, in one run:
 *
 *   node --conditions=godwit-source --import tsx bench/s3/run.ts
 *
 * Each server runs in its own process (s3-server.ts); this process is the client, the unmodified
 * AWS SDK v3. Per round and server: a streamed PutObject of BENCH_MIB MiB (default 256; a Readable
 * of 64 KiB pieces with ContentLength, so the SDK frames it aws-chunked with a CRC32 trailer, its
 * default), then a GetObject read to the end; then the same with the SDK's checksums off
 * (`requestChecksumCalculation: WHEN_REQUIRED`: a plain body). The servers take turns inside each
 * round. Prints median MiB/s, the server's CPU seconds per GiB (steadier than wall time on a
 * shared machine), Godwit ÷ s3rver, the object size s3rver stored, and each server's peak RSS.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';

const MIB = Number(process.env.BENCH_MIB ?? 256);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SIZE = MIB * 1024 * 1024;
const PIECE = Buffer.alloc(64 * 1024, 'godwit-s3-bench ');
type Kind = 'raw' | 'godwit';
type Mode = 'aws-chunked' | 'plain';

function start(kind: Kind): Promise<{ child: ChildProcess; url: string }> {
  const file = fileURLToPath(new URL('s3-server.ts', import.meta.url));
  const child = spawn(process.execPath, ['--conditions=godwit-source', '--import', 'tsx', file, kind], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let text = '';
    child.stdout?.on('data', (c: Buffer) => {
      text += c;
      if (text.includes('\n')) resolve({ child, url: text.split('\n', 1)[0] });
    });
    child.on('exit', (code) => reject(new Error(`the ${kind} server exited with ${code}`)));
  });
}

function client(url: string, kind: Kind, mode: Mode): S3Client {
  return new S3Client({
    endpoint: url,
    region: 'us-east-1',
    forcePathStyle: true,
    // s3rver alone knows one access key; Godwit takes any.
    credentials:
      kind === 'raw' ? { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } : { accessKeyId: 'bench', secretAccessKey: 'bench' },
    requestChecksumCalculation: mode === 'plain' ? 'WHEN_REQUIRED' : 'WHEN_SUPPORTED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

function body(): Readable {
  return Readable.from(
    (function* () {
      for (let sent = 0; sent < SIZE; sent += PIECE.length) yield PIECE.subarray(0, Math.min(PIECE.length, SIZE - sent));
    })(),
  );
}

interface Sample {
  putS: number;
  getS: number;
  putCpu: number;
  getCpu: number;
  stored: number;
}

async function measure(s3: S3Client, pid: number | undefined): Promise<Sample> {
  let cpu = cpuSeconds(pid);
  let t = performance.now();
  await s3.send(new PutObjectCommand({ Bucket: 'bench', Key: 'object.bin', Body: body(), ContentLength: SIZE }));
  const putS = (performance.now() - t) / 1000;
  const putCpu = cpuSeconds(pid) - cpu;
  cpu = cpuSeconds(pid);
  t = performance.now();
  const got = await s3.send(new GetObjectCommand({ Bucket: 'bench', Key: 'object.bin' }));
  let read = 0;
  for await (const chunk of got.Body as Readable) read += chunk.length;
  const getS = (performance.now() - t) / 1000;
  const getCpu = cpuSeconds(pid) - cpu;
  const head = await s3.send(new HeadObjectCommand({ Bucket: 'bench', Key: 'object.bin' }));
  if (read !== head.ContentLength) throw new Error(`read ${read} bytes of ${head.ContentLength}`);
  return { putS, getS, putCpu, getCpu, stored: head.ContentLength ?? 0 };
}

/** One small put and get, so that loading s3rver and compiling its code are not timed. */
async function warmUp(s3: S3Client): Promise<void> {
  await s3.send(
    new PutObjectCommand({ Bucket: 'bench', Key: 'warm-up', Body: Readable.from([PIECE]), ContentLength: PIECE.length }),
  );
  await (await s3.send(new GetObjectCommand({ Bucket: 'bench', Key: 'warm-up' }))).Body?.transformToByteArray();
  s3.destroy();
}

/** CPU seconds (user + system) a process has used, from /proc (Linux). */
function cpuSeconds(pid: number | undefined): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** A process's peak resident set size in MiB (VmHWM). */
function peakRssMib(pid: number | undefined): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : Number.NaN;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

console.log(`${cpus()[0]?.model ?? 'CPU'}, ${availableParallelism()} cores, Node ${process.version}`);
console.log(`${ROUNDS} rounds, ${MIB} MiB object, servers in their own processes, the SDK client in this one\n`);
const servers = { raw: await start('raw'), godwit: await start('godwit') };
try {
  for (const mode of ['aws-chunked', 'plain'] as const) {
    const samples: Record<Kind, Sample[]> = { raw: [], godwit: [] };
    for (const kind of ['raw', 'godwit'] as const) await warmUp(client(servers[kind].url, kind, mode));
    for (let round = 0; round < ROUNDS; round++) {
      for (const kind of ['raw', 'godwit'] as const) {
        const s3 = client(servers[kind].url, kind, mode);
        samples[kind].push(await measure(s3, servers[kind].child.pid));
        s3.destroy();
      }
    }
    report(mode, samples);
  }
  for (const kind of ['raw', 'godwit'] as const) {
    console.log(
      `peak RSS of the ${kind === 'raw' ? 's3rver' : 'Godwit'} server process: ${peakRssMib(servers[kind].child.pid).toFixed(0)} MiB`,
    );
  }
} finally {
  for (const { child } of Object.values(servers)) child.kill('SIGTERM');
}

function report(mode: Mode, samples: Record<Kind, Sample[]>): void {
  const row = (kind: Kind) => {
    const s = samples[kind];
    const put = MIB / median(s.map((x) => x.putS));
    const get = MIB / median(s.map((x) => x.getS));
    const gib = MIB / 1024;
    return {
      put,
      get,
      putCpu: median(s.map((x) => x.putCpu)) / gib,
      getCpu: median(s.map((x) => x.getCpu)) / gib,
      stored: s[0].stored,
    };
  };
  const raw = row('raw');
  const godwit = row('godwit');
  console.log(`${mode === 'plain' ? 'plain body (SDK checksums off)' : 'aws-chunked + CRC32 trailer (the SDK default)'}`);
  console.log('  server     put MiB/s  get MiB/s  put CPU s/GiB  get CPU s/GiB  stored bytes');
  for (const [name, r] of [
    ['s3rver', raw],
    ['Godwit', godwit],
  ] as const) {
    const cells = [
      r.put.toFixed(0).padStart(9),
      r.get.toFixed(0).padStart(9),
      r.putCpu.toFixed(2).padStart(13),
      r.getCpu.toFixed(2).padStart(13),
    ];
    console.log(
      `  ${name.padEnd(8)} ${cells.join('  ')}  ${r.stored}${r.stored === SIZE ? '' : ` (${r.stored - SIZE} bytes too many)`}`,
    );
  }
  const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
  console.log(
    `  Godwit ÷ s3rver: put ${ratio(godwit.put, raw.put)} throughput, ${ratio(godwit.putCpu, raw.putCpu)} CPU; get ${ratio(godwit.get, raw.get)} throughput, ${ratio(godwit.getCpu, raw.getCpu)} CPU\n`,
  );
}
