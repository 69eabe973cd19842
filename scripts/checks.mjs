#!/usr/bin/env node
// The checks `npm test` runs before the suite: the type check, the lint and the build, at the same
// time (each is one process on one core; one after another they were a minute and a half of the
// suite's time on a 2-core machine). Each one's output is printed whole when it ends, so the
// failures of one are not interleaved with another's; any failure fails the checks.
import { spawn } from 'node:child_process';

const CHECKS = [
  ['typecheck', 'npx', ['tsc', '--noEmit', '-p', '.']],
  ['lint', 'npx', ['biome', 'check', '.']],
  ['build', 'npm', ['run', '--silent', 'build']],
];

function run([name, command, args]) {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const output = [];
    child.stdout.on('data', (chunk) => output.push(chunk));
    child.stderr.on('data', (chunk) => output.push(chunk));
    child.on('error', (err) => output.push(Buffer.from(`${err.message}\n`)));
    child.on('close', (code) => {
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      process.stdout.write(Buffer.concat(output));
      console.log(`${code === 0 ? '✔' : '✖'} ${name} (${seconds} s)`);
      resolve(code === 0);
    });
  });
}

const results = await Promise.all(CHECKS.map(run));
process.exit(results.every(Boolean) ? 0 : 1);
