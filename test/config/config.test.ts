import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { DEFAULT_SERVER_PORT, loadConfig } from '../../src/config/config.js';
import { redactUrl } from '../../src/core/redact.js';
import { redactSecret } from '../../src/db/database-url.js';
import { scratchDir } from '../helpers/scratch.js';

/** A project folder with a nested working folder, and a user config folder, none of them real homes. */
async function layout(project?: string, user?: string) {
  const root = scratchDir('godwit-config-');
  const cwd = join(root, 'project', 'notebooks');
  await mkdir(cwd, { recursive: true });
  if (project !== undefined) await writeFile(join(root, 'project', 'godwit.config.yaml'), project);
  if (user !== undefined) {
    await mkdir(join(root, 'xdg', 'godwit'), { recursive: true });
    await writeFile(join(root, 'xdg', 'godwit', 'config.yaml'), user);
  }
  return { root, cwd, env: { XDG_CONFIG_HOME: join(root, 'xdg') } as NodeJS.ProcessEnv };
}

describe('configuration', () => {
  test('with no file and no variable: a home under the working folder and the default port', async () => {
    const { cwd, env } = await layout();
    const config = loadConfig({ cwd, env });
    assert.equal(config.home, join(cwd, '.godwit'));
    assert.equal(config.server.port, DEFAULT_SERVER_PORT);
    assert.equal(config.databaseUrl, undefined);
    assert.deepEqual(config.files, []);
  });

  test('environment > project file (found upwards) > user file, key by key', async () => {
    const { root, cwd, env } = await layout(
      'home: ../state\nartifacts: s3://team-bucket/godwit\ns3:\n  region: eu-west-1\nwarehouses:\n  wh:\n    type: duckdb\n    url: wh.duckdb\n',
      'databaseUrl: postgres://me@db/godwit\nserver:\n  port: 4700\ns3:\n  endpoint: http://127.0.0.1:9000\n  region: us-east-2\nwarehouses:\n  bq:\n    type: bigquery\n    url: my-project\n',
    );
    const config = loadConfig({ cwd, env });
    assert.equal(config.home, join(root, 'state'), 'a relative path resolves against its file');
    assert.equal(config.artifacts, 's3://team-bucket/godwit');
    assert.equal(config.databaseUrl, 'postgres://me@db/godwit');
    assert.equal(config.server.port, 4700);
    assert.deepEqual(config.s3, { endpoint: 'http://127.0.0.1:9000', region: 'eu-west-1' });
    assert.deepEqual(Object.keys(config.warehouses).sort(), ['bq', 'wh']);
    assert.equal(config.files.length, 2);

    const over = loadConfig({
      cwd,
      env: {
        ...env,
        GODWIT_HOME: 'elsewhere',
        GODWIT_PORT: '4800',
        AWS_ENDPOINT_URL_S3: 'http://localhost:4600',
        AWS_REGION: 'ap-south-1',
      },
    });
    assert.equal(over.home, join(cwd, 'elsewhere'));
    assert.equal(over.server.port, 4800);
    assert.deepEqual(over.s3, { endpoint: 'http://localhost:4600', region: 'ap-south-1' });
  });

  test('an environment reference in a file takes a secret from the environment; a missing one is named', async () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the config file's own ${NAME} syntax
    const { cwd, env } = await layout('databaseUrl: postgres://godwit:${PGPASS}@db:5432/meta\n');
    const config = loadConfig({ cwd, env: { ...env, PGPASS: 's3cr3t' } });
    assert.equal(config.databaseUrl, 'postgres://godwit:s3cr3t@db:5432/meta');
    assert.throws(() => loadConfig({ cwd, env }), { code: 'E_CONFIG', message: /refers to \$\{PGPASS\}, which is not set/ });
  });

  test('a misspelled key, a bad type or a bad port is an error naming the file and the key', async () => {
    const cases: [string, RegExp][] = [
      ['databseUrl: x\n', /"databseUrl" is not a configuration key\. Did you mean "databaseUrl"\?/],
      ['s3:\n  endpiont: x\n', /"s3\.endpiont" is not a configuration key\. Did you mean "endpoint"\?/],
      ['server:\n  port: 99999\n', /server\.port is 99999, not a port number/],
      ['warehouses:\n  w:\n    type: oracle\n', /warehouses\.w\.type must be one of duckdb, postgres, redshift, bigquery/],
      ['home: [1]\n', /home must be a string/],
      ['home: "unclosed\n', /is not valid YAML/],
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
      );
    }
    const { cwd, env } = await layout();
    assert.throws(
      () => loadConfig({ cwd, env: { ...env, GODWIT_PORT: 'eighty' } }),
      /GODWIT_PORT is "eighty", not a port number/,
    );
  });
});

describe('redaction', () => {
  test('passwords in URLs are masked, in a URL and inside a message', () => {
    assert.equal(redactUrl('postgres://godwit:s3cr3t@db:5432/meta'), 'postgres://godwit:***@db:5432/meta');
    assert.equal(redactUrl('https://token@example.com/x'), 'https://***@example.com/x');
    assert.equal(redactUrl('postgres://db:5432/meta'), 'postgres://db:5432/meta');
    const text = redactSecret('connect to postgres://u:hunter2@h/db failed', 'postgres://u:hunter2@h/db');
    assert.ok(!text.includes('hunter2'));
    assert.match(text, /postgres:\/\/u:\*\*\*@h\/db/);
  });
});

describe('the CLI reads its home from the configuration', () => {
  test('a project file sets the home that `godwit runs list` opens', async () => {
    const { root, cwd, env } = await layout('home: ../state\n');
    const { main } = await import('../../src/cli/main.js');
    let out = '';
    const write = (s: string) => {
      out += s;
      return true;
    };
    const stdout = { isTTY: false, write } as unknown as NodeJS.WriteStream;
    assert.equal(await main(['runs', 'list'], { stdout, stderr: process.stderr, cwd, env }), 0);
    assert.ok(out.includes(`No runs yet in ${join(root, 'state')}.`), out);
  });

  test("the caller's databaseUrl (not this process's) decides where runs list reads", async () => {
    const { cwd, env } = await layout();
    const { main } = await import('../../src/cli/main.js');
    let err = '';
    const stderr = {
      isTTY: false,
      write: (s: string) => {
        err += s;
        return true;
      },
    } as unknown as NodeJS.WriteStream;
    const url = 'postgres://godwit:hunter2secret@127.0.0.1:1/meta';
    const code = await main(['runs', 'list'], { stdout: stderr, stderr, cwd, env: { ...env, GODWIT_DATABASE_URL: url } });
    assert.equal(code, 2, err);
    assert.match(err, /127\.0\.0\.1:1/);
    assert.ok(!err.includes('hunter2secret'), err);
  });
});

describe('compile profiles from the configuration', () => {
  test('godwit.profiles.yaml first, then the configuration, then the built-ins', async () => {
    const { resolveProfile } = await import('../../src/compile/profile-file.js');
    const { root, cwd, env } = await layout(
      'profiles:\n  team:\n    extends: aws\n    artifactRoot: s3://team-bucket/pipelines\n  both:\n    extends: gcp\n    artifactRoot: gs://from-config/x\n',
    );
    await writeFile(
      join(root, 'project', 'notebooks', 'godwit.profiles.yaml'),
      'profiles:\n  both:\n    extends: gcp\n    artifactRoot: gs://from-profiles-file/x\n',
    );
    assert.equal((await resolveProfile('team', cwd, env)).artifactRoot, 's3://team-bucket/pipelines');
    assert.equal((await resolveProfile('team', cwd, env)).region, (await resolveProfile('aws', cwd, env)).region);
    assert.equal((await resolveProfile('both', cwd, env)).artifactRoot, 'gs://from-profiles-file/x');
    await assert.rejects(resolveProfile('nope', cwd, env), {
      code: 'E_PROFILE',
      hint: 'Known profiles: team, both, aws, gcp. Define others in godwit.profiles.yaml or godwit.config.yaml.',
    });
  });
});

describe('godwit migrate reads profiles from its caller', () => {
  test("a profile in the caller's user configuration (not this process's) is found", async () => {
    const { cwd, env } = await layout(
      undefined,
      'profiles:\n  team-gcp:\n    extends: gcp\n    artifactRoot: gs://team-staging/godwit\n',
    );
    await writeFile(
      join(cwd, 'pipeline.yaml'),
      'apiVersion: godwit/v1\nkind: Pipeline\nname: tiny\nparameters: []\nsteps:\n  - { name: stop, type: fail, message: x }\n',
    );
    const { main } = await import('../../src/cli/main.js');
    let err = '';
    const sink = {
      isTTY: false,
      write: (s: string) => {
        err += s;
        return true;
      },
    } as unknown as NodeJS.WriteStream;
    const args = ['migrate', 'pipeline.yaml', '--from', 'aws', '--to', 'gcp', '--to-profile', 'team-gcp', '-o', 'out'];
    assert.equal(await main(args, { stdout: sink, stderr: sink, cwd, env }), 0, err);
  });
});
