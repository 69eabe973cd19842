/**
 * Godwit's own KFP output, read back. The KFP compiler wraps a SageMaker-contract process in a
 * short `sh` prologue (src/compile/kfp/kfp-contract.ts) that links each artifact path to the
 * folder the script expects and exports environment values holding placeholders:
 * `[sh, -ec, <STAGE_SCRIPT>, godwit-stage] --input <path> /opt/ml/processing/input/raw -- python3 …`.
 * Unwrapped, the folders become the inputs' destinations and the outputs' sources again, and the
 * process is what follows `--`.
 */
import { STAGE_SCRIPT } from '../../compile/kfp/kfp-contract.js';
import { refuse, type Where } from './kfp-document.js';

export interface Unwrapped {
  /** Artifact name → the folder the prologue linked it to. */
  readonly inputs: ReadonlyMap<string, string>;
  readonly outputs: ReadonlyMap<string, string>;
  /** Environment values as written, placeholders included. */
  readonly env: ReadonlyMap<string, string>;
  /** The process's argv. */
  readonly argv: readonly string[];
}

const PATH = /^\{\{\$\.(inputs|outputs)\.artifacts\['([^']+)'\]\.path\}\}$/;

export function isStagePrologue(command: readonly string[]): boolean {
  return (
    command.length === 4 &&
    command[0] === 'sh' &&
    command[1] === '-ec' &&
    command[2] === STAGE_SCRIPT &&
    command[3] === 'godwit-stage'
  );
}

/** The prologue's flags taken apart; `args` are the container's args after the prologue command. */
export function unwrapPrologue(where: Where, args: readonly string[]): Unwrapped {
  const inputs = new Map<string, string>();
  const outputs = new Map<string, string>();
  const env = new Map<string, string>();
  let i = 0;
  for (; i < args.length && args[i] !== '--'; i += 3) {
    const [flag, a, b] = [args[i], args[i + 1], args[i + 2]];
    if (flag === '--env') {
      env.set(a, b);
      continue;
    }
    const path = PATH.exec(a ?? '');
    if ((flag === '--input' || flag === '--output') && path && b !== undefined) {
      (flag === '--input' ? inputs : outputs).set(path[2], b);
      continue;
    }
    if (flag === '--file') {
      throw refuse(
        where,
        `its container writes ${a} before the process starts (a training step's hyperparameters file); imported tasks are processing steps, which have no such file.`,
        'Import the pipeline it was compiled from instead (godwit compile -t ir), or pass the values as arguments.',
      );
    }
    throw refuse(where, `its godwit-stage prologue has an option it does not know: ${flag}.`);
  }
  return { inputs, outputs, env, argv: args.slice(i + 1) };
}
