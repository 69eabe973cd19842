import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { scratchDir } from '../helpers/scratch.js';
import { cli } from './capture.js';

const hasBash = spawnSync('bash', ['--version']).status === 0;

describe('godwit completion bash', { skip: !hasBash && 'no bash on this machine' }, () => {
  let script: string;
  let dir: string;
  before(async () => {
    dir = scratchDir('godwit-completion-');
    const r = await cli(['completion', 'bash']);
    assert.equal(r.code, 0, r.stderr);
    script = join(dir, 'godwit.bash');
    writeFileSync(script, r.stdout);
  });

  /** What bash offers after the words typed so far; the last word is the one being completed. */
  function complete(...words: string[]): string[] {
    const array = ['godwit', ...words].map((w) => `'${w}'`).join(' ');
    const probe = `source '${script}'; COMP_WORDS=(${array}); COMP_CWORD=${words.length}; _godwit; printf '%s\\n' "\${COMPREPLY[@]}"`;
    const r = spawnSync('bash', ['--norc', '--noprofile', '-c', probe], { cwd: dir, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    return r.stdout.split('\n').filter(Boolean).sort();
  }

  test('completes commands, nouns and their verbs, singular aliases included', () => {
    assert.deepEqual(complete('ru'), ['run', 'runs']);
    assert.deepEqual(complete('m'), ['migrate', 'models', 'monitor']);
    assert.deepEqual(complete('runs', ''), ['list', 'logs', 'move', 'show']);
    assert.deepEqual(complete('runs', 'l'), ['list', 'logs']);
    assert.deepEqual(complete('model', 'a'), ['approve']);
    assert.deepEqual(complete('models', 'h'), ['history']);
  });

  test("completes each verb's flags and the fixed values of flags and arguments", () => {
    assert.deepEqual(complete('runs', 'logs', 'run-1', '--a'), ['--attempt']);
    assert.deepEqual(complete('run', 'p.yaml', '--p'), ['--param']);
    assert.deepEqual(complete('compile', 'p.yaml', '--target', 's'), ['sagemaker', 'stepfunctions']);
    assert.deepEqual(complete('compile', 'p.yaml', '-t', 'k'), ['kfp']);
    assert.deepEqual(complete('submit', 'p.yaml', '--target', ''), ['kfp', 'sagemaker', 'vertex']);
    assert.deepEqual(complete('completion', ''), ['bash', 'zsh']);
    assert.deepEqual(complete('algorithm', 'linear-learner', '--model'), ['--model-dir']);
  });

  test('falls back to file names for files and flag values', () => {
    writeFileSync(join(dir, 'pipeline.yaml'), 'x');
    assert.deepEqual(complete('validate', 'pipe'), ['pipeline.yaml']);
    assert.deepEqual(complete('compile', '-o', 'pip'), ['pipeline.yaml']);
  });
});

describe('godwit completion zsh', () => {
  // completion-zsh.test.ts runs the script in zsh; this checks only what zsh needs to find it.
  test('prints a function with the #compdef line that lets compinit autoload it from fpath', async () => {
    const r = await cli(['completion', 'zsh']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^#compdef godwit\n/);
  });

  test('an unknown shell is a usage error with a suggestion', async () => {
    const r = await cli(['completion', 'bsh']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /SHELL "bsh" is not one of bash, zsh\. Did you mean "bash"\?/);
  });
});
