/**
 * Calls a container entry point (`godwit algorithm`, `transform`, `serve`) through the CLI's own
 * `main`, with what it writes collected one write per entry, as the ML tests check it.
 */
import { main } from '../../src/cli/main.js';

export interface LineIo {
  readonly env?: NodeJS.ProcessEnv;
  readonly out?: (line: string) => void;
  readonly err?: (line: string) => void;
  readonly signal?: AbortSignal;
}

export function entryPoint(name: 'algorithm' | 'transform' | 'serve') {
  return (argv: readonly string[], io: LineIo = {}): Promise<number> =>
    main([name, ...argv], {
      stdout: { write: (text: string) => (io.out ?? ((l) => process.stdout.write(`${l}\n`)))(text.replace(/\n$/, '')) },
      stderr: { write: (text: string) => (io.err ?? ((l) => process.stderr.write(`${l}\n`)))(text.replace(/\n$/, '')) },
      cwd: process.cwd(),
      env: io.env ?? process.env,
      signal: io.signal,
    });
}
