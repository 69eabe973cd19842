import { main } from './main.js';

// The process entry point: bin/godwit.js loads this (built or, in a checkout, through tsx).
process.exitCode = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  cwd: process.cwd(),
  env: process.env,
});
