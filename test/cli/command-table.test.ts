import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { overview } from '../../src/cli/help.js';
import type { CommandSpec, VerbSpec } from '../../src/cli/spec/command-spec.js';
import { aliasesOf, COMMANDS } from '../../src/cli/spec/commands.js';
import { modelsGroup } from '../../src/cli/spec/models-specs.js';
import { COMPILE_TARGETS, SUBMIT_TARGETS } from '../../src/cli/spec/pipeline-specs.js';
import { runsGroup } from '../../src/cli/spec/runs-specs.js';
import { TARGETS } from '../../src/compile/index.js';
import { SUBMIT_TARGETS as SUBMIT_TARGETS_OF_SUBMIT } from '../../src/submit/index.js';
import { cli } from './capture.js';

/** Every command path with its spec: `['runs', 'list']`, `['demo']`, … */
function verbs(): { path: string[]; spec: VerbSpec }[] {
  return COMMANDS.flatMap((c: CommandSpec) => {
    if (c.kind === 'verb') return [{ path: [c.name], spec: c }];
    if (c.kind === 'group') return c.verbs.map((v) => ({ path: [c.name, v.name], spec: v }));
    return [];
  });
}

describe('the command table', () => {
  test('every command and subcommand has --help with its summary, usage, options and an example', async () => {
    for (const { path, spec } of verbs()) {
      const r = await cli([...path, '--help']);
      assert.equal(r.code, 0, path.join(' '));
      assert.ok(r.stdout.startsWith(`Usage: godwit ${path.join(' ')}`), r.stdout);
      assert.ok(r.stdout.includes(`\n${spec.summary}.\n`), `${path.join(' ')} shows its table summary`);
      assert.match(r.stdout, /\nOptions:\n[\s\S]*-h, --help/);
      assert.match(r.stdout, /\nExamples?:\n {2}\S*.*godwit /, path.join(' '));
      for (const name of Object.keys(spec.options))
        assert.ok(r.stdout.includes(`--${name}`), `${path.join(' ')} lists --${name}`);
    }
    for (const group of COMMANDS.filter((c) => c.kind === 'group')) {
      const r = await cli([group.name, '--help']);
      assert.equal(r.code, 0);
      for (const v of group.verbs) assert.match(r.stdout, new RegExp(`\\n {2}${v.name} +${literal(v.summary)}\\n`));
    }
  });

  test('godwit --help lists every command with the summary its own --help shows', async () => {
    const top = await cli(['--help']);
    assert.equal(top.code, 0);
    assert.equal(top.stdout.trimEnd(), overview());
    for (const c of COMMANDS) {
      const line = top.stdout.split('\n').find((l) => l.startsWith(`  ${c.name} `));
      assert.ok(line, c.name);
      assert.ok(line.includes(c.summary), `${c.name}: ${line}`);
      const own = await cli([c.name, '--help']);
      assert.ok(own.stdout.includes(`${c.summary}.`), `${c.name} --help repeats the summary`);
    }
    assert.match(top.stdout, /godwit demo/);
  });

  test('the table names the same targets as the compilers and submitters it does not import', () => {
    assert.deepEqual([...COMPILE_TARGETS], [...TARGETS]);
    assert.deepEqual([...SUBMIT_TARGETS], [...SUBMIT_TARGETS_OF_SUBMIT]);
  });

  test('singular nouns are aliases unless the singular is a command itself', async () => {
    assert.deepEqual(aliasesOf(modelsGroup), ['model']);
    assert.deepEqual(aliasesOf(runsGroup), [], '"run" runs a pipeline');
    const plural = await cli(['models', 'list', '--help']);
    const singular = await cli(['model', 'list', '--help']);
    assert.equal(singular.code, 0);
    assert.equal(singular.stdout, plural.stdout);
    assert.match((await cli(['models', '--help'])).stdout, /Also spelled: godwit model\./);
  });

  test('a mistyped command, subcommand, flag or value gets a "did you mean", not the parser\'s text', async () => {
    const flag = await cli(['run', 'pipeline.yaml', '--parm', 'x=1']);
    assert.equal(flag.code, 2);
    assert.match(flag.stderr, /^error: Unknown option "--parm"\. Did you mean "--param"\? Usage: godwit run /);
    assert.doesNotMatch(flag.stderr, /To specify a positional argument/);
    const command = await cli(['modles', 'list']);
    assert.equal(command.code, 2);
    assert.match(command.stderr, /Unknown command "modles"\. Did you mean "models"\?/);
    const verb = await cli(['runs', 'lsit']);
    assert.equal(verb.code, 2);
    assert.match(verb.stderr, /Unknown runs command "lsit"\. Did you mean "list"\? See godwit runs --help\./);
    const value = await cli(['compile', 'p.yaml', '--target', 'sagemkaer']);
    assert.match(value.stderr, /Unknown target "sagemkaer"\. Did you mean "sagemaker"\?/);
    const none = await cli(['runs']);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /Name a runs command: list, show, logs, move\./);
    const far = await cli(['frobnicate']);
    assert.equal(far.code, 2);
    assert.doesNotMatch(far.stderr, /Did you mean/);
  });

  test('arguments are counted and required flags named before any work', async () => {
    const missing = await cli(['runs', 'logs', 'run-1']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /Missing STEP\. Usage: godwit runs logs RUN_ID STEP \[--attempt N\]/);
    const extra = await cli(['validate', 'a.yaml', 'b.yaml']);
    assert.match(extra.stderr, /Unexpected argument: b\.yaml\./);
    const target = await cli(['compile', 'a.yaml']);
    assert.match(target.stderr, /Missing --target\. Usage: godwit compile FILE --target ir\|sagemaker/);
    const twice = await cli(['compile', 'a.yaml', '-t', 'ir', '--target', 'kfp']);
    assert.match(twice.stderr, /--target was given twice/);
    const switchValue = await cli(['runs', 'list', '--json=yes']);
    assert.match(switchValue.stderr, /--json is a switch and takes no value/);
    const noValue = await cli(['runs', 'logs', 'r', 's', '--attempt']);
    assert.match(noValue.stderr, /--attempt needs a value\./);
    const help = await cli(['help', 'runs', 'logs']);
    assert.match(help.stdout, /^Usage: godwit runs logs RUN_ID STEP/);
  });
});

function literal(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
