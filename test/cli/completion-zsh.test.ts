/**
 * The zsh completion script, run in a real zsh: compinit loaded, the generated script sourced (or
 * autoloaded from fpath, as its `#compdef` line allows), then the function compdef registered for
 * `godwit` called with `words`/`CURRENT` set as zsh's completion system sets them.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { scratchDir } from '../helpers/scratch.js';
import { cli } from './capture.js';

const zshProblem: string | undefined = (() => {
  const r = spawnSync('zsh', ['-f', '-c', 'autoload -U compinit && compinit -u -D'], { encoding: 'utf8' });
  if (r.error) return `zsh is not installed (${r.error.message}; apt-get install zsh)`;
  return r.status === 0 ? undefined : `zsh cannot load compinit: ${r.stderr.trim()}`;
})();
/** CI runs .ci/run, which installs zsh: there a missing zsh is a failure, never a skip. */
const inCi = ['true', '1'].includes(process.env.CI ?? '');

/**
 * Loads the script, then prints what `_godwit` offers: `word<TAB>candidate[<TAB>description]`
 * per candidate and `files` where it falls back to file names. The wrappers stand in for the
 * builtins that add matches (they only work inside a completion widget); zsh filters the matches
 * by the typed prefix itself, so the test filters too.
 */
const PROBE = `
[[ $1 == fpath ]] && fpath=($2 $fpath)
# A dump per way of loading, in the scratch folder: compinit without one takes a second a call.
autoload -U compinit && compinit -u -d $ZDOTDIR/zcompdump-$1
emulate zsh; setopt $_comp_options
compadd() {
  while (( $# )) && [[ $1 != -- ]]; do shift; done
  (( $# )) || { print -u2 "compadd called without --"; exit 3; }
  shift
  print -rl -- "\${@/#/word	}"
}
_describe() {
  local entry
  for entry in "\${(@P)2}"; do print -r -- "word	\${\${entry%%:*}//\\\\:/:}	\${entry#*:}"; done
}
_files() { print -r -- files; }
[[ $1 == fpath ]] || source $2 || exit 4
[[ -n \${_comps[godwit]} ]] || { print -u2 "no completion function registered for godwit"; exit 5; }
CURRENT=$3
words=("\${@[4,-1]}")
\${_comps[godwit]}
`;

describe('godwit completion zsh, in zsh', { skip: inCi ? false : (zshProblem ?? false) }, () => {
  let dir: string;
  before(async () => {
    if (zshProblem) throw new Error(`CI must run the zsh completion tests (.ci/run installs zsh), but ${zshProblem}.`);
    dir = scratchDir('godwit-zsh-completion-');
    const r = await cli(['completion', 'zsh']);
    assert.equal(r.code, 0, r.stderr);
    mkdirSync(join(dir, 'functions'));
    writeFileSync(join(dir, 'godwit.zsh'), r.stdout);
    writeFileSync(join(dir, 'functions', '_godwit'), r.stdout);
    writeFileSync(join(dir, 'probe.zsh'), PROBE);
  });

  /** zsh's raw output: what the function offers after the words typed so far (the last is being completed). */
  function offered(how: 'source' | 'fpath', ...typed: string[]): { lines: string[]; current: string } {
    const script = how === 'fpath' ? join(dir, 'functions') : join(dir, 'godwit.zsh');
    const args = ['-f', join(dir, 'probe.zsh'), how, script, String(typed.length + 1), 'godwit', ...typed];
    const env = { ...process.env, HOME: dir, ZDOTDIR: dir };
    const r = spawnSync('zsh', args, { cwd: dir, encoding: 'utf8', env });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stderr, '');
    return { lines: r.stdout.split('\n').filter(Boolean), current: typed.at(-1) ?? '' };
  }

  /** The candidates zsh would show, sorted, or `['<files>']` where it completes file names. */
  function complete(...typed: string[]): string[] {
    const { lines, current } = offered('source', ...typed);
    if (lines.includes('files')) return lines.length === 1 ? ['<files>'] : assert.fail(`files and words: ${lines}`);
    const words = lines.map((l) => l.split('\t')[1] ?? assert.fail(`not a candidate: ${l}`));
    return words.filter((w) => w.startsWith(current)).sort();
  }

  test('completes commands and their summaries', () => {
    assert.deepEqual(complete('ru'), ['run', 'runs']);
    assert.deepEqual(complete('m'), ['migrate', 'models', 'monitor']);
    const runs = offered('source', '').lines.find((l) => l.startsWith('word\truns\t'));
    assert.match(runs ?? '', /^word\truns\tRecorded runs: their steps/);
  });

  test("completes a noun's verbs, through its singular alias too", () => {
    assert.deepEqual(complete('runs', ''), ['compare', 'delete', 'list', 'logs', 'move', 'show']);
    assert.deepEqual(complete('runs', 'l'), ['list', 'logs']);
    const models = ['approve', 'cards', 'diff', 'history', 'list', 'register', 'reject', 'rules', 'show'];
    assert.deepEqual(complete('models', ''), models);
    assert.deepEqual(complete('model', ''), models);
    assert.deepEqual(complete('model', 'a'), ['approve']);
    const history = offered('source', 'models', 'h').lines.find((l) => l.startsWith('word\thistory\t'));
    assert.match(history ?? '', /\tThe approval audit log of a group/);
  });

  test("completes a verb's flags", () => {
    assert.deepEqual(complete('runs', 'list', '--'), ['--help', '--json', '--limit']);
    assert.deepEqual(complete('model', 'approve', 'g', '--n'), ['--note']);
    assert.deepEqual(complete('runs', 'logs', 'run-1', '--a'), ['--attempt']);
    assert.deepEqual(complete('run', 'p.yaml', '--p'), ['--param']);
    assert.deepEqual(complete('algorithm', 'linear-learner', '--model'), ['--model-dir']);
  });

  test('completes the fixed values of flags, both spellings, and of arguments', () => {
    assert.deepEqual(complete('compile', 'p.yaml', '--target', ''), ['ir', 'kfp', 'sagemaker', 'stepfunctions']);
    assert.deepEqual(complete('compile', 'p.yaml', '-t', 's'), ['sagemaker', 'stepfunctions']);
    assert.deepEqual(complete('compile', 'p.yaml', '--format', ''), ['json', 'yaml']);
    assert.deepEqual(complete('submit', 'p.yaml', '--target', ''), ['kfp', 'sagemaker', 'vertex']);
    assert.deepEqual(complete('completion', ''), ['bash', 'zsh']);
  });

  test('falls back to file names for files and flag values, and offers nothing past an unknown word', () => {
    assert.deepEqual(complete('validate', 'pipe'), ['<files>']);
    assert.deepEqual(complete('compile', '-o', 'p'), ['<files>']);
    assert.deepEqual(complete('runs', 'list', '--limit', ''), ['<files>']);
    // After a flag that takes a value, a word starting with - is that value, not a flag.
    assert.deepEqual(complete('runs', 'list', '--limit', '-'), ['<files>']);
    assert.deepEqual(complete('compile', 'p.yaml', '-o', '--'), ['<files>']);
    assert.deepEqual(complete('submit', 'p.yaml', '--name', '-'), ['<files>']);
    assert.deepEqual(complete('submit', 'p.yaml', '--dry-run', '--j'), ['--json']);
    assert.deepEqual(complete('runs', 'frobnicate', '--'), []);
    assert.deepEqual(complete('frobnicate', ''), []);
  });

  test('completes on the first TAB when installed in fpath as _godwit', () => {
    const words = (...typed: string[]) => offered('fpath', ...typed).lines.map((l) => l.split('\t')[1]);
    assert.deepEqual(words('model', '').sort(), [
      'approve',
      'cards',
      'diff',
      'history',
      'list',
      'register',
      'reject',
      'rules',
      'show',
    ]);
    assert.deepEqual(words('runs', 'list', '--').sort(), ['--help', '--json', '--limit']);
  });
});
