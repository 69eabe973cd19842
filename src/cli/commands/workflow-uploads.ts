import { readFile, writeFile } from 'node:fs/promises';
import { dirname, relative, resolve } from 'node:path';
import type { Upload } from '../../compile/target.js';
import { GodwitError } from '../../core/errors.js';

/**
 * The files a compiled state machine needs in S3 before it runs (its code, parameter defaults
 * given as paths), kept beside the `.asl.json` as `<name>.asl.uploads.json`: a list of
 * `{ local, uri, for }` whose `local` is relative to that file's folder. `godwit compile --target
 * stepfunctions -o X.asl.json` writes it; `godwit workflows run X.asl.json` uploads from it.
 */
export function uploadsFileOf(aslFile: string): string {
  return `${aslFile.replace(/(\.asl)?\.json$/i, '')}.asl.uploads.json`;
}

/** Writes the uploads file for `aslFile`, from uploads whose paths are relative to `fromDir` (the pipeline's folder). */
export async function writeUploadsFile(aslFile: string, fromDir: string, uploads: readonly Upload[]): Promise<string> {
  const here = dirname(resolve(aslFile));
  const listed = uploads.map((u) => ({ local: relative(here, resolve(fromDir, u.local)), uri: u.uri, for: u.for }));
  const file = uploadsFileOf(aslFile);
  await writeFile(file, `${JSON.stringify(listed, null, 2)}\n`);
  return file;
}

/** The uploads listed beside `aslFile` (paths relative to its folder), or none when there is no such file. */
export async function readUploadsFile(aslFile: string): Promise<Upload[]> {
  const file = uploadsFileOf(aslFile);
  const text = await readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return undefined;
    throw err;
  });
  if (text === undefined) return [];
  let listed: unknown;
  try {
    listed = JSON.parse(text);
  } catch {
    listed = undefined;
  }
  const ok = (u: unknown): u is Upload =>
    typeof u === 'object' && u !== null && typeof (u as Upload).local === 'string' && typeof (u as Upload).uri === 'string';
  if (!Array.isArray(listed) || !listed.every(ok)) {
    throw new GodwitError('E_USAGE', `${file} is not a list of { "local": PATH, "uri": URI } uploads.`, {
      hint: 'Write it again with: godwit compile PIPELINE --target stepfunctions -o FILE.asl.json',
    });
  }
  return listed.map((u) => ({ local: u.local, uri: u.uri, for: u.for ?? '' }));
}
