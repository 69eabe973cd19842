/**
 * How each cloud hands over what a training job wrote. SageMaker uploads `/opt/ml/model` as one
 * `model.tar.gz` (and `/opt/ml/output/data` as `output.tar.gz`), so a later step that takes the
 * model as input finds `model.tar.gz` where a SageMaker script expects it:
 *
 * ```python
 * tarfile.open('/opt/ml/processing/model/model.tar.gz').extractall('.')
 * ```
 *
 * Vertex AI keeps `AIP_MODEL_DIR` as a folder of files, so the folder is the artifact as it is.
 */
import { mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { ContractName } from './container-contract.js';
import { writeTarGz } from './tar.js';

/** The archive SageMaker makes of each training output folder. */
export const SAGEMAKER_ARCHIVES: Readonly<Record<string, string>> = { model: 'model.tar.gz', output: 'output.tar.gz' };

/**
 * The folder to store as the output `name`: for SageMaker, a folder holding the archive made from
 * `dir`; otherwise `dir` itself. An empty folder is returned as is, so that the step fails with
 * "wrote nothing to its output" rather than storing an empty archive.
 */
export async function packageOutput(contract: ContractName, name: string, dir: string, stagingDir: string): Promise<string> {
  const archive = SAGEMAKER_ARCHIVES[name];
  if (contract !== 'sagemaker' || archive === undefined) return dir;
  const entries = await readdir(dir).catch(() => []);
  if (entries.length === 0) return dir;
  const target = join(stagingDir, name);
  await rm(target, { recursive: true, force: true });
  await mkdir(target, { recursive: true });
  await writeTarGz(dir, join(target, archive));
  return target;
}
