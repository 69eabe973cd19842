/**
 * Python scripts shipped beside this module (the XGBoost algorithm, the FrameworkProcessor runner),
 * copied into a job's staging folder so the contract stages them as the step's code. The package
 * ships `src/`, and `dist/` holds no `.py`, so a built Godwit finds them in the package's `src/`.
 */
import { copyFile, mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Copies `name` into `<stagingDir>/<folder>/`; returns its path relative to the staging folder. */
export async function stageShippedScript(name: string, stagingDir: string, folder: string): Promise<string> {
  await mkdir(join(stagingDir, folder), { recursive: true });
  await copyFile(await shippedScript(name), join(stagingDir, folder, name));
  return `${folder}/${name}`;
}

async function shippedScript(name: string): Promise<string> {
  const paths = [`./${name}`, `../../../src/jobs/images/${name}`].map((rel) => fileURLToPath(new URL(rel, import.meta.url)));
  for (const path of paths) if (await stat(path).catch(() => undefined)) return path;
  throw new Error(`Godwit's ${name} is missing from this installation (looked for ${paths.join(', ')}).`);
}
