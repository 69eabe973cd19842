/**
 * A pipeline's definition JSON as an execution needs it: parsed (refused with
 * `E_SM_PIPELINE_DEFINITION` unless it is an object with a `Steps` list), imported to the IR with
 * the code it names fetched into the execution's folder, and the image map applied.
 */
import { cp, mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { ImageEntry } from '../config/config-images.js';
import { GodwitError } from '../core/errors.js';
import type { ImportOptions, ImportResult } from '../import/pipeline-import.js';
import type { PipelineIR } from '../pipeline/ir.js';
import { objectIn, type StoreOptions } from '../store/index.js';
import { applyImageMap } from './pipeline-images.js';

/** A SageMaker definition → IR; `store` lets it fetch code the definition names on `s3://`. */
export type DefinitionImporter = (
  definition: unknown,
  options: ImportOptions & { store?: StoreOptions },
) => Promise<ImportResult>;

export type Definition = Record<string, unknown>;

export function parseDefinition(name: string, text: string): Definition {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw definitionError(name, `is not JSON (${(err as Error).message})`);
  }
  if (
    typeof parsed !== 'object' ||
    parsed === null ||
    Array.isArray(parsed) ||
    !Array.isArray((parsed as { Steps?: unknown }).Steps)
  )
    throw definitionError(name, 'is not a pipeline definition: a JSON object with a "Steps" list');
  return parsed as Definition;
}

const definitionError = (name: string, what: string) =>
  new GodwitError('E_SM_PIPELINE_DEFINITION', `The definition of pipeline "${name}" ${what}.`, {
    hint: "Send the JSON that the SageMaker SDK's pipeline.definition() writes.",
  });

/** A definition stored as an object (`PipelineDefinitionS3Location`). */
export async function readDefinitionAt(uri: string, store: StoreOptions): Promise<string> {
  try {
    const { store: objects, key } = await objectIn(uri, store);
    return (await objects.get(key)).toString('utf8');
  } catch (err) {
    throw new GodwitError(
      'E_SM_PIPELINE_DEFINITION',
      `The pipeline definition at ${uri} cannot be read: ${(err as Error).message}`,
      {
        hint: 'Upload the definition JSON there first, or send it inline as PipelineDefinition.',
      },
    );
  }
}

export interface PreparedDefinition {
  readonly ir: PipelineIR;
  readonly definition: Definition;
}

/**
 * Imports pipeline `name`'s definition into `baseDir`: the fetched code, and the local folders
 * the image map puts in place of files inside images. The IR is named as SageMaker names the
 * pipeline, whatever the definition says.
 */
export async function prepareDefinition(
  name: string,
  text: string,
  baseDir: string,
  deps: { importDefinition: DefinitionImporter; store: StoreOptions; images: readonly ImageEntry[] },
): Promise<PreparedDefinition> {
  const definition = parseDefinition(name, text);
  const result = await deps.importDefinition(definition, { name, store: deps.store });
  for (const [path, bytes] of Object.entries(result.files)) {
    const target = join(baseDir, path);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, bytes);
  }
  await mkdir(baseDir, { recursive: true });
  const mapped = applyImageMap({ ...result.ir, name }, deps.images);
  for (const [path, folder] of mapped.folders) await cp(folder, join(baseDir, path), { recursive: true });
  return { ir: mapped.ir, definition };
}
