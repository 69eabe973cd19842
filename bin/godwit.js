#!/usr/bin/env node
// Runs the built CLI (dist/) when present; in a source checkout without a build it loads the
// TypeScript sources through tsx, so `npx godwit` works either way.
import { existsSync } from 'node:fs';

const built = new URL('../dist/cli/bin.js', import.meta.url);
if (existsSync(built)) {
  await import(built.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(new URL('../src/cli/bin.ts', import.meta.url).href);
}
