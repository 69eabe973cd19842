/**
 * Builds the profiler for bench/monitor as plain JavaScript (esbuild, one ESM file per entry:
 * the bench's child script and the two worker entries, side by side as workerEntry expects), so
 * the figure measures Godwit as it runs built, not tsx compiling TypeScript in every worker
 * thread (about 0.8 s of CPU per worker on this loaded VM). `@duckdb/*` stays external and is
 * found through NODE_PATH.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

export async function buildGodwit(outdir: string): Promise<{ script: string; env: NodeJS.ProcessEnv }> {
  const esbuild = await import('esbuild');
  await esbuild.build({
    entryPoints: [
      join(root, 'bench/monitor/profile-godwit.ts'),
      join(root, 'src/monitor/data-quality/profile/profile-worker.ts'),
      join(root, 'src/monitor/data-quality/profile/parquet-worker.ts'),
    ],
    outdir,
    entryNames: '[name]',
    outExtension: { '.js': '.js' },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: ['@duckdb/*'],
    logLevel: 'warning',
  });
  return { script: join(outdir, 'profile-godwit.js'), env: { ...process.env, NODE_PATH: join(root, 'node_modules') } };
}
