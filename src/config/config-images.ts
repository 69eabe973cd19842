/**
 * The `images:` key of godwit.config.yaml: container image URIs mapped to local commands, for
 * SageMaker jobs whose image Godwit does not know (see docs/images.md). Each entry is keyed by a
 * pattern, a glob (`*` any run of characters, `?` one) or, when it has neither, a prefix:
 *
 * ```yaml
 * images:
 *   "*.dkr.ecr.*.amazonaws.com/my-trainer:*":
 *     command: [./bin/train.sh]        # relative paths resolve against this file's folder
 *   "*.dkr.ecr.*.amazonaws.com/my-framework":
 *     command: [python3]
 *     kind: script                      # runs the job's sagemaker_program with this interpreter
 *   "*.dkr.ecr.*.amazonaws.com/my-processor:*":
 *     command: [python3]
 *     files: { /opt/program: ./src }    # the image's /opt/program is ./src here (pipeline steps)
 * ```
 */
import { dirname, isAbsolute, resolve } from 'node:path';
import { GodwitError } from '../core/errors.js';

/** How an image's command is used: the program itself (`algorithm`), or the interpreter of the job's script (`script`). */
export type ImageKind = 'script' | 'algorithm';

export const IMAGE_KINDS: readonly ImageKind[] = ['algorithm', 'script'];

/** One entry of `images:`, with the file that declared it (for messages). */
export interface ImageEntry {
  readonly pattern: string;
  readonly command: readonly string[];
  readonly kind: ImageKind;
  /**
   * Folders of the image's own file system found on this machine: an absolute path inside the
   * image (`/opt/program`) → a local folder. A pipeline step's command and arguments naming a
   * path under one (`python3 /opt/program/featureselect.py`) run the local file instead
   * (src/pipelines/pipeline-images.ts).
   */
  readonly files?: Readonly<Record<string, string>>;
  readonly file: string;
}

/** Checks one file's `images:` value: E_CONFIG naming the file and the entry's key when it is malformed. */
export function checkImages(value: unknown, file: string): ImageEntry[] {
  const bad = (key: string, what: string) =>
    new GodwitError('E_CONFIG', `${file}: ${key} ${what}`, {
      hint: 'An images: entry is "<pattern>": { command: [program, args...], kind: algorithm|script, files: { /image/path: ./local } }; see docs/images.md.',
    });
  if (!isRecord(value)) throw bad('images', 'must be a mapping of image patterns to { command, kind }.');
  return Object.entries(value).map(([pattern, entry]) => {
    const key = `images."${pattern}"`;
    if (pattern.trim() === '') throw bad(key, 'has an empty pattern.');
    if (!isRecord(entry)) throw bad(key, 'must be a mapping with a command.');
    for (const inner of Object.keys(entry)) {
      if (inner !== 'command' && inner !== 'kind' && inner !== 'files')
        throw bad(`${key}.${inner}`, 'is not a key of an image entry (command, kind, files).');
    }
    const command = typeof entry.command === 'string' ? [entry.command] : entry.command;
    if (!Array.isArray(command) || command.length === 0 || !command.every((c) => typeof c === 'string' && c !== '')) {
      throw bad(`${key}.command`, 'must be a program, or a non-empty list of strings (program and arguments).');
    }
    const kind = entry.kind ?? 'algorithm';
    if (!IMAGE_KINDS.includes(kind as ImageKind)) throw bad(`${key}.kind`, `must be one of ${IMAGE_KINDS.join(', ')}.`);
    const files = imageFiles(entry.files, file, key, bad);
    return {
      pattern,
      command: command.map((c: string) => localPath(c, file)),
      kind: kind as ImageKind,
      ...(files ? { files } : {}),
      file,
    };
  });
}

/** `files:`: absolute paths inside the image → local folders (relative to the config file's folder). */
function imageFiles(
  value: unknown,
  file: string,
  key: string,
  bad: (key: string, what: string) => GodwitError,
): Record<string, string> | undefined {
  if (value === undefined) return undefined;
  if (!isRecord(value)) throw bad(`${key}.files`, 'must be a mapping of paths inside the image to local folders.');
  return Object.fromEntries(
    Object.entries(value).map(([inside, local]) => {
      if (!inside.startsWith('/') || inside === '/')
        throw bad(`${key}.files."${inside}"`, 'must be an absolute path inside the image, such as /opt/program.');
      if (typeof local !== 'string' || local === '')
        throw bad(`${key}.files."${inside}"`, 'must name a local folder (./src, or an absolute path).');
      return [inside.replace(/\/+$/, ''), isAbsolute(local) ? local : resolve(dirname(file), local)];
    }),
  );
}

/** A program written as `./x` or `../x` is a file beside the config file; anything else stays (PATH, python3). */
function localPath(arg: string, file: string): string {
  if (!/^\.\.?\//.test(arg) || isAbsolute(arg)) return arg;
  return resolve(dirname(file), arg);
}

/** Nearest layer first; a pattern in two layers takes the nearer one's entry, in the nearer one's order. */
export function mergeImages(layers: readonly (readonly ImageEntry[] | undefined)[]): ImageEntry[] {
  const seen = new Set<string>();
  const out: ImageEntry[] = [];
  for (const entry of layers.flatMap((l) => l ?? [])) {
    if (seen.has(entry.pattern)) continue;
    seen.add(entry.pattern);
    out.push(entry);
  }
  return out;
}

/** True when `image` matches an entry's pattern: a glob when it has `*` or `?`, else a prefix. */
export function imagePatternMatches(pattern: string, image: string): boolean {
  return isGlob(pattern) ? globMatches(pattern, image) : image.startsWith(pattern);
}

/**
 * Configuration keys that name things by glob (`images:`, `workflows.lambdas`, `workflows.queues`):
 * `*` any run of characters, `?` one, everything else literal (regex characters included), matched
 * against the whole text. A key without `*` or `?` is no glob: an image prefix, or an exact name.
 */
export function isGlob(pattern: string): boolean {
  return /[*?]/.test(pattern);
}

export function globMatches(pattern: string, text: string): boolean {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${source}$`).test(text);
}

/** An exact name, or a glob: how `workflows.lambdas` and `workflows.queues` keys match. */
export function nameMatches(pattern: string, name: string): boolean {
  return isGlob(pattern) ? globMatches(pattern, name) : pattern === name;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
