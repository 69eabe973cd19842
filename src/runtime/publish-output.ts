/**
 * Copies a step's output folder to where the step asked it published (`OutputSpec.publishTo`), as
 * SageMaker uploads a processing job's `S3Output.S3Uri` or a transform job's `S3OutputPath` at
 * the end of the job: every file at its path relative to the output folder, under that prefix.
 */
import { GodwitError } from '../core/errors.js';
import { objectIn, type StoreOptions, uploadDir } from '../store/index.js';

export async function publishOutput(
  localDir: string,
  destination: string,
  options: StoreOptions & { readonly baseDir: string },
): Promise<number> {
  // A destination is always a prefix (a folder), never one object's key.
  const prefix = destination.endsWith('/') ? destination : `${destination}/`;
  try {
    const { store, key } = await objectIn(prefix, options);
    const manifest = await uploadDir(store, localDir, key.replace(/\/+$/, ''));
    return manifest.files.length;
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new GodwitError('E_OUTPUT_PUBLISH', `Could not copy the output to ${destination}: ${reason}`, {
      hint: 'Check that the destination is a writable s3://, gs:// or file:// prefix (for s3://, that the bucket exists).',
    });
  }
}
