/**
 * The SageMaker container contract inside a KFP container. KFP hands a task its artifacts as
 * paths in placeholders; a script written for SageMaker reads fixed folders such as
 * `/opt/ml/processing/input`. A short `sh` prologue links each placeholder path to the folder the
 * script expects (outputs too, so what the script writes lands in the output artifact), exports
 * environment values that hold placeholders (KFP resolves placeholders only in command and args),
 * writes config files, then `exec`s the process. Every path and value reaches the prologue as a
 * separate argument, never inside the script text, so no value is ever parsed by the shell.
 *
 * ```yaml
 * command: [sh, -ec, <STAGE_SCRIPT>, godwit-stage]
 * args: [--input, "{{$.inputs.artifacts['raw'].path}}", /opt/ml/processing/input, --, node, …]
 * ```
 */

export const STAGE_SCRIPT = [
  'link() { mkdir -p "$(dirname "$2")"; rmdir "$2" 2>/dev/null || true; ln -s "$1" "$2"; }',
  'while [ "$#" -gt 0 ]; do',
  'case "$1" in',
  '--input) d=$3; [ -d "$2" ] || d=$3/$(basename "$2"); link "$2" "$d" ;;',
  '--output) mkdir -p "$2"; link "$2" "$3" ;;',
  '--env) export "$2=$3" ;;',
  '--file) mkdir -p "$(dirname "$2")"; printf %s "$3" > "$2" ;;',
  '--) shift; break ;;',
  '*) echo "godwit-stage: unknown option $1" >&2; exit 2 ;;',
  'esac',
  'shift 3',
  'done',
  'exec "$@"',
].join('\n');

/** Default folders of the SageMaker contract, where the IR names none. */
export const SAGEMAKER_PATHS = {
  processingInput: (name: string) => `/opt/ml/processing/input/${name}`,
  processingOutput: (name: string) => `/opt/ml/processing/output/${name}`,
  trainingChannel: (name: string) => `/opt/ml/input/data/${name}`,
  trainingOutput: (name: string) => (name === 'model' ? '/opt/ml/model' : `/opt/ml/output/${name === 'output' ? 'data' : name}`),
  hyperparameters: '/opt/ml/input/config/hyperparameters.json',
} as const;

/** The prologue's arguments, in order. */
export class Staging {
  private readonly flags: string[] = [];

  /** An input artifact (a folder, or a file placed inside `folder`) seen at `folder`. */
  input(path: string, folder: string): void {
    this.flags.push('--input', path, folder);
  }

  /** An output artifact written through `folder`. */
  output(path: string, folder: string): void {
    this.flags.push('--output', path, folder);
  }

  env(name: string, value: string): void {
    this.flags.push('--env', name, value);
  }

  file(path: string, content: string): void {
    this.flags.push('--file', path, content);
  }

  get empty(): boolean {
    return this.flags.length === 0;
  }

  /** The container's command and args: the process itself, or the prologue then the process. */
  wrap(command: readonly string[], args: readonly string[]): { command: string[]; args: string[] } {
    if (this.empty) return { command: [...command], args: [...args] };
    return { command: ['sh', '-ec', STAGE_SCRIPT, 'godwit-stage'], args: [...this.flags, '--', ...command, ...args] };
  }
}
