/**
 * Installs Godwit into temporary folders the way a user gets it, so the bench runs
 * `bin/godwit.js` as a user does without touching the checkout (a `dist/` in the checkout would
 * make every test that spawns bin/godwit.js run stale built code):
 *
 * - `source`: bin/, package.json, examples/ and a link to src/ — bin/godwit.js finds no dist/
 *   and loads the TypeScript sources through tsx, as in a fresh clone;
 * - `dist`: the same with dist/ built as `npm run build` builds it (tsc, then the one-file yaml
 *   bundle) instead of src/, as in a published package.
 *
 * Both link the checkout's node_modules.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';

export interface Install {
  readonly label: 'dist' | 'source';
  /** Path of the install's bin/godwit.js. */
  readonly bin: string;
}

export function makeInstalls(repo: string, root: string): Install[] {
  return [makeInstall(repo, join(root, 'install-dist'), 'dist'), makeInstall(repo, join(root, 'install-source'), 'source')];
}

function makeInstall(repo: string, dir: string, label: Install['label']): Install {
  mkdirSync(dir, { recursive: true });
  cpSync(join(repo, 'bin'), join(dir, 'bin'), { recursive: true });
  cpSync(join(repo, 'package.json'), join(dir, 'package.json'));
  cpSync(join(repo, 'examples'), join(dir, 'examples'), { recursive: true });
  symlinkSync(join(repo, 'node_modules'), join(dir, 'node_modules'));
  if (label === 'source') symlinkSync(join(repo, 'src'), join(dir, 'src'));
  else {
    const tsc = join(repo, 'node_modules', '.bin', 'tsc');
    execFileSync(tsc, ['-p', join(repo, 'tsconfig.build.json'), '--outDir', join(dir, 'dist'), '--sourceMap', 'false'], {
      stdio: 'inherit',
    });
    // The rest of `npm run build`.
    execFileSync(process.execPath, [join(repo, 'scripts', 'bundle-yaml.mjs'), join(dir, 'dist')], { stdio: 'ignore' });
  }
  return { label, bin: join(dir, 'bin', 'godwit.js') };
}
