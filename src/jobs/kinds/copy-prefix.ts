/**
 * What SageMaker's service does with a job's outputs once the container has exited: every object
 * under a prefix (here the step's output artifact) uploaded to the same relative keys under the
 * destination the request named (`S3Output.S3Uri`, `TransformOutput.S3OutputPath`), in any store.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { downloadPrefix, objectIn, uploadDir } from '../../store/index.js';
import type { PlanContext } from '../job-kind.js';

export async function copyPrefix(from: string, to: string, context: PlanContext): Promise<void> {
  const source = await objectIn(from, context.storeOptions);
  // A destination is always a folder, never one object's key.
  const target = await objectIn(to.endsWith('/') ? to : `${to}/`, context.storeOptions);
  const temp = await mkdtemp(join(context.stagingDir, 'copy-'));
  try {
    await downloadPrefix(source.store, source.key, temp);
    await uploadDir(target.store, temp, target.key.replace(/\/+$/, ''));
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
}
