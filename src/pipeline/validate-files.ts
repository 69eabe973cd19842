/**
 * Local files a pipeline names, checked before anything runs: a step's `process.code` (and the
 * `entryPoint` inside a code folder) and input sources written as literal local paths. Without
 * this a missing file passed `godwit validate` and failed only when its step started, after every
 * step before it had run. A sql step's `.sql` file is read here too, to match its parameters. Bucket URIs (`s3://`, `gs://`) and references (parameters, step
 * outputs) are not checked: what they name is known only at run time or in the cloud.
 */
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Problem } from '../core/errors.js';
import { localSourcePath } from '../core/uri.js';
import { sqlFileProblems } from './validate-sql.js';

/** Problems for every named local file that does not exist; paths are relative to `baseDir`. */
export function missingFileProblems(ir: unknown, baseDir: string): Problem[] {
  const steps = (ir as { steps?: unknown } | null)?.steps;
  if (!Array.isArray(steps)) return [];
  const problems: Problem[] = [];
  for (const step of steps) {
    if (typeof step !== 'object' || step === null || typeof step.name !== 'string') continue;
    const report = (field: string, message: string) => problems.push({ step: step.name, field, message });
    checkCode(step.process, baseDir, report);
    if (Array.isArray(step.inputs))
      for (const input of step.inputs) checkSource(input?.source, `inputs.${input?.name}.source`, baseDir, report);
    if (step.type === 'transform') {
      checkSource(step.model, 'model', baseDir, report);
      checkSource(step.input, 'input', baseDir, report);
    }
    if (step.type === 'sql') problems.push(...sqlFileProblems(step, baseDir));
  }
  return problems;
}

type Report = (field: string, message: string) => void;

function checkCode(process: unknown, baseDir: string, report: Report): void {
  const { code, entryPoint } = (process ?? {}) as { code?: unknown; entryPoint?: unknown };
  if (typeof code !== 'string' || code === '') return;
  const path = resolve(baseDir, code);
  if (!existsSync(path)) {
    report(
      'process.code',
      `the code file ${JSON.stringify(code)} does not exist (looked at ${path}); it is relative to the pipeline file.`,
    );
    return;
  }
  if (typeof entryPoint === 'string' && entryPoint !== '' && statSync(path).isDirectory() && !existsSync(join(path, entryPoint)))
    report(
      'process.entryPoint',
      `${JSON.stringify(entryPoint)} is not in the code folder ${JSON.stringify(code)} (looked at ${join(path, entryPoint)}).`,
    );
}

function checkSource(source: unknown, field: string, baseDir: string, report: Report): void {
  // Only literal strings: a reference's value is known at run time.
  if (typeof source !== 'string' || source === '') return;
  const path = localPath(source, baseDir);
  if (path === undefined || existsSync(path)) return;
  report(
    field,
    `${JSON.stringify(source)} does not exist (looked at ${path}); local paths are relative to the pipeline file. ` +
      'Data in the cloud is named by an s3:// or gs:// URI.',
  );
}

/** The local path a literal source names, or undefined for a bucket URI or a malformed one. */
function localPath(source: string, baseDir: string): string | undefined {
  try {
    return localSourcePath(source, baseDir);
  } catch {
    return undefined; // A malformed file:// URI is the URI checks' problem.
  }
}
