import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { loadConfig } from '../../src/config/config.js';
import { imagePatternMatches } from '../../src/config/config-images.js';
import { scratchDir } from '../helpers/scratch.js';

/** A project file and a user file, as config.test.ts lays them out. */
async function layout(project?: string, user?: string) {
  const root = scratchDir('godwit-config-images-');
  const cwd = join(root, 'project');
  await mkdir(cwd, { recursive: true });
  if (project !== undefined) await writeFile(join(cwd, 'godwit.config.yaml'), project);
  if (user !== undefined) {
    await mkdir(join(root, 'xdg', 'godwit'), { recursive: true });
    await writeFile(join(root, 'xdg', 'godwit', 'config.yaml'), user);
  }
  return { root, cwd, env: { XDG_CONFIG_HOME: join(root, 'xdg') } as NodeJS.ProcessEnv };
}

describe('the images: key', () => {
  test('entries merge by pattern, the project file first and winning; relative programs resolve against their file', async () => {
    const { root, cwd, env } = await layout(
      'images:\n  "registry.example/a:*":\n    command: [./a.sh, train]\n  "registry.example/b":\n    command: python3\n    kind: script\n',
      'images:\n  "registry.example/a:*":\n    command: [/usr/bin/false]\n  "registry.example/c":\n    command: [./c.sh]\n',
    );
    const { images } = loadConfig({ cwd, env });
    assert.deepEqual(
      images?.map((e) => [e.pattern, e.command, e.kind]),
      [
        ['registry.example/a:*', [join(cwd, 'a.sh'), 'train'], 'algorithm'],
        ['registry.example/b', ['python3'], 'script'],
        ['registry.example/c', [join(root, 'xdg', 'godwit', 'c.sh')], 'algorithm'],
      ],
    );
  });

  test('an environment reference works in a command', async () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the config file's own ${NAME} syntax
    const { cwd, env } = await layout('images:\n  "x/":\n    command: ["${VENV}/bin/python"]\n    kind: script\n');
    assert.deepEqual(loadConfig({ cwd, env: { ...env, VENV: '/opt/venv' } }).images?.[0]?.command, ['/opt/venv/bin/python']);
  });

  test('a malformed entry is E_CONFIG naming the file and the entry', async () => {
    const cases: [string, RegExp][] = [
      ['images: [a]\n', /images must be a mapping of image patterns/],
      ['images:\n  "x/": ./train.sh\n', /images\."x\/" must be a mapping with a command/],
      ['images:\n  "x/":\n    kind: script\n', /images\."x\/"\.command must be a program, or a non-empty list/],
      ['images:\n  "x/":\n    command: []\n', /images\."x\/"\.command must be a program/],
      ['images:\n  "x/":\n    command: [1]\n', /images\."x\/"\.command must be a program/],
      ['images:\n  "x/":\n    command: [a]\n    kind: framework\n', /images\."x\/"\.kind must be one of algorithm, script/],
      ['images:\n  "x/":\n    command: [a]\n    entrypoint: [b]\n', /images\."x\/"\.entrypoint is not a key of an image entry/],
    ];
    for (const [text, message] of cases) {
      const { cwd, env } = await layout(text);
      assert.throws(
        () => loadConfig({ cwd, env }),
        (err: Error & { code?: string }) => {
          assert.equal(err.code, 'E_CONFIG');
          assert.match(err.message, message);
          assert.match(err.message, /godwit\.config\.yaml/);
          return true;
        },
        text,
      );
    }
  });

  test('a pattern is a glob with * and ?, else a prefix', () => {
    assert.ok(imagePatternMatches('*.dkr.ecr.*.amazonaws.com/algo:*', '1.dkr.ecr.eu-west-1.amazonaws.com/algo:2'));
    assert.ok(!imagePatternMatches('*.dkr.ecr.*.amazonaws.com/algo:*', '1.dkr.ecr.eu-west-1.amazonaws.com/algo2:2'));
    assert.ok(imagePatternMatches('registry.example/algo:1.?', 'registry.example/algo:1.5'));
    assert.ok(!imagePatternMatches('registry.example/algo:1.?', 'registry.example/algo:1.50'));
    assert.ok(imagePatternMatches('registry.example/team/', 'registry.example/team/x:1'));
    assert.ok(!imagePatternMatches('registry.example/team/', 'registry.example/teams/x:1'));
    assert.ok(!imagePatternMatches('a.b(c)', 'a.b(c'), 'regex characters in a glob are literal');
    assert.ok(imagePatternMatches('a.b(c)*', 'a.b(c):1'));
  });
});
