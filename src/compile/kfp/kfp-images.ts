/** Which container image a task runs in, from the step and the target profile. */
import type { ProcessSpec } from '../../pipeline/ir.js';
import { CompileError, emptyTrainingNote } from '../compile-error.js';
import type { KfpContext } from './kfp-context.js';

/** `process.image`, else the profile's image for the command's program (`node`, `python3`). */
export function processImage(ctx: KfpContext, step: string, process: ProcessSpec): string {
  if (process.image) return process.image;
  const program = process.command[0];
  const image = program === undefined ? undefined : ctx.profile.images[program];
  if (image) return image;
  throw new CompileError(
    'kfp',
    step,
    `a "${program ?? ''}" process with no container image`,
    `Set process.image on the step, or add images["${program ?? ''}"] to the "${ctx.profile.name}" profile.${emptyTrainingNote(process)}`,
  );
}

/** A profile image by key (`godwit`, `linear-learner`), or a CompileError naming the missing key. */
export function profileImage(ctx: KfpContext, step: string, key: string, feature: string): string {
  const image = ctx.profile.images[key];
  if (image) return image;
  throw new CompileError('kfp', step, feature, `Add images["${key}"] to the "${ctx.profile.name}" profile.`);
}

/**
 * The image of the compiler's own small helper tasks (JsonGet readers, machine-type resolvers,
 * fail steps): they need only `sh` and `python3`, so the profile's Python image serves, else the
 * public `python:3.11-slim`.
 */
export function helperImage(ctx: KfpContext): string {
  return ctx.profile.images.python3 ?? 'python:3.11-slim';
}
