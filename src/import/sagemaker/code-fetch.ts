/**
 * The code a definition points at (`s3://…/code/preprocess.py` in a processing input, the
 * `sagemaker_submit_directory` tarball of a training), fetched through the object stores so the
 * imported pipeline carries its scripts. Files go into the result's `files` under
 * `code/<step>/…`, the path the IR names them with.
 *
 * Cloud URIs (`s3://`, `gs://`) are fetched only when the caller gave store options (the CLI
 * gives the config's), so an import never waits on a cloud it was not pointed at; local paths and
 * `file://` always are. What cannot be fetched is kept as a URI and said in a note.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extractTar } from '../../serving/tar-extract.js';
import { objectIn } from '../../store/index.js';
import type { ImportContext } from './import-context.js';

/** Long enough for a script on a slow link, short enough that an unreachable endpoint does not stall the import. */
const FETCH_TIMEOUT_MS = 20_000;

/** The bytes at `uri`, or undefined (with a note saying why) when they cannot be had. */
export async function fetchObject(
  uri: string,
  ctx: ImportContext,
  step: string,
  feature: string,
): Promise<Uint8Array | undefined> {
  const cloud = /^(s3|gs):\/\//i.test(uri);
  if (cloud && ctx.store === undefined) {
    ctx.note(
      step,
      feature,
      'approximated',
      `${uri} was not fetched (no object store given): it stays a URI the step reads at run time`,
    );
    return undefined;
  }
  try {
    const { store, key } = await objectIn(uri, ctx.store ?? {});
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer in ${FETCH_TIMEOUT_MS / 1000} s`)), FETCH_TIMEOUT_MS);
    });
    try {
      return await Promise.race([store.get(key), timeout]);
    } finally {
      clearTimeout(timer);
    }
  } catch (err) {
    ctx.note(step, feature, 'approximated', `${uri} could not be fetched (${(err as Error).message}): it stays a URI`);
    return undefined;
  }
}

/** A single script, stored as `code/<step>/<file>`; returns that path. */
export async function fetchScript(uri: string, ctx: ImportContext, step: string, feature: string): Promise<string | undefined> {
  const bytes = await fetchObject(uri, ctx, step, feature);
  if (bytes === undefined) return undefined;
  const path = `code/${step}/${uri.replace(/\/+$/, '').split('/').pop()}`;
  ctx.files[path] = bytes;
  ctx.note(step, feature, 'mapped', `${uri} fetched as ${path}`);
  return path;
}

/** A `sourcedir.tar.gz` unpacked into `code/<step>/`; returns that folder. */
export async function fetchSourceDir(
  uri: string,
  ctx: ImportContext,
  step: string,
  feature: string,
): Promise<string | undefined> {
  const bytes = await fetchObject(uri, ctx, step, feature);
  if (bytes === undefined) return undefined;
  const dir = await mkdtemp(join(tmpdir(), 'godwit-import-'));
  try {
    await writeFile(join(dir, 'sourcedir.tar.gz'), bytes);
    const names = await extractTar(join(dir, 'sourcedir.tar.gz'), join(dir, 'src'));
    const folder = `code/${step}`;
    for (const name of names) ctx.files[`${folder}/${name}`] = await readFile(join(dir, 'src', name));
    ctx.note(step, feature, 'mapped', `${uri} unpacked into ${folder}/ (${names.length} files)`);
    return folder;
  } catch (err) {
    ctx.note(step, feature, 'approximated', `${uri} is not a readable tar.gz (${(err as Error).message}): it stays a URI`);
    return undefined;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
