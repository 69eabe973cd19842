import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Command } from '../cli-io.js';
import { runPipelineCli } from './run.js';

/** The abalone example shipped with Godwit: found beside the package, wherever it is installed. */
export function demoPipelinePath(): string {
  for (const rel of ['../../../examples/abalone/pipeline.ts', '../../examples/abalone/pipeline.ts']) {
    const path = fileURLToPath(new URL(rel, import.meta.url));
    if (existsSync(path)) return path;
  }
  throw new Error('The abalone example is missing from this Godwit installation (examples/abalone/pipeline.ts).');
}

export const demoCommand: Command = {
  name: 'demo',
  summary: 'Run the abalone example end to end: preprocess, train, evaluate, register, batch transform',
  usage: 'godwit demo [--param name=value]...',
  help: `Runs examples/abalone/pipeline.ts — the SageMaker Pipelines abalone example, ported — on the
embedded defaults (SQLite metadata, artifacts under .godwit/), with no cloud and no Python.
Takes the same options as "godwit run".

Examples:
  godwit demo
  godwit demo --param mse_threshold=3.0     # watch the fail branch`,
  run: (args, io) => runPipelineCli(args, io, { file: demoPipelinePath() }),
};
