import assert from 'node:assert/strict';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { systemClock } from '../../src/core/clock.js';
import { godwitHome } from '../../src/core/home.js';
import { type Metadata, openMetadata } from '../../src/meta/index.js';
import { cli } from '../cli/capture.js';
import { testDatabase } from '../helpers/postgres.js';
import type { TestS3Server } from '../helpers/s3-server.js';
import { scratchDir } from '../helpers/scratch.js';

export const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));

/** Where a gc test keeps its records and artifacts. */
export interface GcBackend {
  readonly database: 'sqlite' | 'postgres';
  /** `s3`: a real S3 server (s3rver) as the configured artifact store; `file`: the home's own folder. */
  readonly store: 's3' | 'file';
}

/**
 * A temp home run through the real CLI (`godwit run`, `runs delete`, `gc`), with its metadata on
 * SQLite or a fresh PostgreSQL database and its artifacts in the home or on the S3 server.
 */
export async function gcHome(backend: GcBackend, s3?: TestS3Server) {
  const dir = scratchDir(`godwit-gc-${backend.database}-${backend.store}-`);
  const url = backend.database === 'postgres' ? await testDatabase() : undefined;
  const artifacts = backend.store === 's3' ? `s3://arts/${backend.database}` : undefined;
  const env: NodeJS.ProcessEnv = {
    GODWIT_HOME: join(dir, 'home'),
    GODWIT_USER: 'alice',
    HOME: dir,
    XDG_CONFIG_HOME: dir,
    ...(url ? { GODWIT_DATABASE_URL: url } : {}),
    ...(s3 && artifacts ? { ...s3.env, AWS_ENDPOINT_URL_S3: s3.endpoint, GODWIT_ARTIFACTS: artifacts } : {}),
  };
  const godwit = (args: string[]) => cli(args, env, dir);
  let metadata: Metadata | undefined;
  return {
    dir,
    env,
    home: godwitHome(env.GODWIT_HOME),
    /** The artifact store's root URI as runs record it. */
    artifacts,
    godwit,
    /** `godwit ARGS --json`, parsed; fails the test on a non-zero exit. */
    async json<T = unknown>(args: string[]): Promise<T> {
      const r = await godwit([...args, '--json']);
      assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}${r.stdout}`);
      return JSON.parse(r.stdout) as T;
    },
    /** Runs a fixture pipeline and returns the run id. */
    async run(pipeline: 'train' | 'register', seed: string): Promise<string> {
      const r = await godwit(['run', join(FIXTURES, `${pipeline}.yaml`), '--param', `seed=${seed}`, '--json']);
      assert.equal(r.code, 0, r.stderr + r.stdout);
      return (JSON.parse(r.stdout) as { id: string }).id;
    },
    /** The same metadata the CLI opens (for what a test reads or records through the library). */
    async metadata(): Promise<Metadata> {
      metadata ??= await openMetadata(godwitHome(env.GODWIT_HOME), systemClock, { url });
      return metadata;
    },
    async close() {
      await metadata?.close();
    },
  };
}

export type GcHome = Awaited<ReturnType<typeof gcHome>>;

/**
 * The keys of the objects at a URI (an object, or every object under a prefix): through the S3
 * API for s3://, and straight from the disk for file:// (a file store opened on a folder inside
 * the artifact store would keep its own checksum records there).
 */
export async function objectsAt(uri: string, s3?: TestS3Server): Promise<string[]> {
  if (uri.startsWith('file:')) {
    const path = fileURLToPath(uri);
    if (!existsSync(path)) return [];
    if (!statSync(path).isDirectory()) return [basename(path)];
    return (
      readdirSync(path, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => relative(path, join(e.parentPath, e.name)))
        // A file store opened on the folder itself (runs move opens its source so) keeps its state there: not objects.
        .filter((key) => !key.split(sep).includes('.godwit-store'))
    );
  }
  const { objectIn } = await import('../../src/store/index.js');
  const { store, key } = await objectIn(uri, storeOptions(s3));
  return (await store.list(key)).map((o) => o.key);
}

/** Store options as `godwit gc` opens the configured store with, for library calls. */
export function storeOptions(s3?: TestS3Server) {
  return s3 ? { s3: { endpoint: s3.endpoint, region: 'us-east-1' }, env: { ...s3.env } } : {};
}
