/**
 * gs:// through Godwit's GcsClientStore beside the bare @google-cloud/storage client, both against
 * the request-level stand-in (in its own process) on loopback: what Godwit's guarantees cost
 * (SHA-256 on every write and read, the spool that puts a stream's SHA-256 in the metadata, the
 * metadata request that pins a read to one generation). Not a figure for Google Cloud itself.
 *
 *   node --import tsx bench/gcs/run.ts [MiB=32] [rounds=3]
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Storage } from '@google-cloud/storage';
import { GcsClientStore } from '../../src/store/gcs/gcs-client-store.js';

const MIB = 1024 * 1024;
const size = Number(process.argv[2] ?? 32) * MIB;
const rounds = Number(process.argv[3] ?? 3);

const child = spawn(process.execPath, ['--import', 'tsx', new URL('./stand-in-process.ts', import.meta.url).pathname], {
  stdio: ['pipe', 'pipe', 'inherit'],
});
const endpoint = await new Promise<string>((ok) => createInterface({ input: child.stdout! }).once('line', ok));

const payload = Buffer.alloc(size);
for (let i = 0; i < size; i += 4) payload.writeUInt32LE((i * 2654435761) >>> 0, i);
const chunks = () =>
  Readable.from(
    (function* () {
      for (let i = 0; i < size; i += MIB) yield payload.subarray(i, i + MIB);
    })(),
  );
const sink = () => new Writable({ write: (_c, _e, done) => done() });

const godwit = new GcsClientStore('bench', { endpoint });
const bucket = new Storage({ apiEndpoint: endpoint }).bucket('bench');

const cases: Record<string, { godwit: () => Promise<unknown>; bare: () => Promise<unknown> }> = {
  'put bytes': {
    godwit: () => godwit.put('g-bytes', payload),
    bare: () => bucket.file('b-bytes').save(payload, { resumable: true, validation: 'crc32c' }),
  },
  'put stream': {
    godwit: () => godwit.put('g-stream', chunks()),
    bare: () => pipeline(chunks(), bucket.file('b-stream').createWriteStream({ resumable: true, validation: 'crc32c' })),
  },
  get: {
    godwit: () => godwit.verify('g-bytes'),
    bare: () => pipeline(bucket.file('b-bytes').createReadStream({ validation: 'crc32c' }), sink()),
  },
};

async function measure(run: () => Promise<unknown>): Promise<{ ms: number; cpu: number }> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  await run();
  const used = process.cpuUsage(cpu);
  return { ms: performance.now() - start, cpu: (used.user + used.system) / 1000 };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(`gs:// ${size / MIB} MiB, ${rounds} rounds (medians), stand-in at ${endpoint} in its own process`);
console.log('| case | Godwit MiB/s | bare client MiB/s | ratio | Godwit CPU ms | bare CPU ms |');
console.log('| --- | --- | --- | --- | --- | --- |');
for (const [name, c] of Object.entries(cases)) {
  const g: { ms: number; cpu: number }[] = [];
  const b: { ms: number; cpu: number }[] = [];
  for (let r = 0; r < rounds; r++) {
    b.push(await measure(c.bare));
    g.push(await measure(c.godwit));
  }
  const rate = (xs: { ms: number }[]) => size / MIB / (median(xs.map((x) => x.ms)) / 1000);
  const gr = rate(g);
  const br = rate(b);
  console.log(
    `| ${name} | ${gr.toFixed(0)} | ${br.toFixed(0)} | ${(gr / br).toFixed(2)}× | ${median(g.map((x) => x.cpu)).toFixed(0)} | ${median(b.map((x) => x.cpu)).toFixed(0)} |`,
  );
}
child.stdin!.end();
