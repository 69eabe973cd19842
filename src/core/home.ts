import { join, resolve } from 'node:path';

/**
 * Godwit's home: runs, artifacts and the metadata database. `.godwit/` under the current
 * directory unless `GODWIT_HOME` says otherwise, so each project keeps its own history.
 */
export interface GodwitHome {
  readonly root: string;
  readonly runsDir: string;
  readonly artifactsDir: string;
  readonly metadataFile: string;
}

export function godwitHome(root = process.env.GODWIT_HOME || '.godwit'): GodwitHome {
  const abs = resolve(root);
  return {
    root: abs,
    runsDir: join(abs, 'runs'),
    artifactsDir: join(abs, 'artifacts'),
    metadataFile: join(abs, 'metadata.sqlite'),
  };
}
