import { spawn } from 'node:child_process';
import type { Json } from '../../asl/asl-types.js';
import { StatesError } from '../../asl/states-error.js';

/** The most of a command's stderr kept in an error's cause. */
const STDERR_TAIL = 4_000;

/**
 * Runs a mapped command once: the JSON payload on stdin, the JSON result on stdout (empty output
 * is `null`). A non-zero exit fails with the `errorType` the command printed as JSON on stdout
 * (`{"errorType": "ValueError", "errorMessage": "…"}`, the cause being that document, as Lambda
 * reports a function's error), else `Lambda.Unknown` with the end of stderr. Output that is not
 * JSON is `Lambda.Unknown` too. The signal ends the command's process group.
 */
export function runCommand(command: readonly string[], payload: Json, signal: AbortSignal, cwd?: string): Promise<Json> {
  return new Promise((resolve, reject) => {
    const [program = '', ...args] = command;
    const child = spawn(program, args, { cwd, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => {
      err = (err + b.toString('utf8')).slice(-STDERR_TAIL);
    });
    const kill = () => {
      if (child.pid !== undefined) {
        try {
          process.kill(-child.pid, 'SIGTERM');
        } catch {}
      }
    };
    signal.addEventListener('abort', kill, { once: true });
    child.on('error', (e) => {
      signal.removeEventListener('abort', kill);
      reject(new StatesError('Lambda.Unknown', `Could not run ${program}: ${e.message}`));
    });
    child.on('close', (code, killedBy) => {
      signal.removeEventListener('abort', kill);
      if (signal.aborted) return reject(signal.reason);
      const text = Buffer.concat(out).toString('utf8').trim();
      if (code === 0) return parsed(text, program, resolve, reject);
      reject(failure(text, err, program, code, killedBy));
    });
    child.stdin.on('error', () => {});
    child.stdin.end(JSON.stringify(payload));
  });
}

function parsed(text: string, program: string, resolve: (v: Json) => void, reject: (e: unknown) => void): void {
  if (text === '') {
    resolve(null);
    return;
  }
  try {
    resolve(JSON.parse(text) as Json);
  } catch {
    reject(new StatesError('Lambda.Unknown', `${program} printed output that is not JSON: ${text.slice(0, 200)}`));
  }
}

function failure(
  stdout: string,
  stderr: string,
  program: string,
  code: number | null,
  killedBy: NodeJS.Signals | null,
): StatesError {
  const last = stdout.split('\n').at(-1) ?? '';
  try {
    const doc = JSON.parse(last) as { errorType?: unknown };
    if (doc && typeof doc.errorType === 'string' && doc.errorType !== '') return new StatesError(doc.errorType, last);
  } catch {}
  const how = killedBy ? `was ended by ${killedBy}` : `exited with status ${code}`;
  return new StatesError('Lambda.Unknown', `${program} ${how}${stderr.trim() ? `: ${stderr.trim()}` : '.'}`);
}
