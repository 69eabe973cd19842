import { readFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { GodwitError } from '../../core/errors.js';
import { localS3Credentials, localS3Env } from '../../server/aws/s3/s3-endpoint.js';
import { uploadFiles } from '../../submit/upload-files.js';
import { EXIT, homeOf, json, UsageError, write } from '../cli-io.js';
import type { Handler } from '../spec/command-spec.js';
import type { workflowRunOptions } from '../spec/workflow-specs.js';
import { machineArn, type Sfn, sfnOf } from './workflow-client.js';
import { EXECUTION_ENDS, eventLine, type WireEvent } from './workflow-events.js';
import { readUploadsFile } from './workflow-uploads.js';

/** The role recorded on machines the CLI creates: locally no role is assumed. */
const LOCAL_ROLE = 'arn:aws:iam::000000000000:role/godwit-local';
const POLL_MS = 200;

/** `godwit workflows run FILE.asl.json`: uploads, create or update, start, follow to the end. */
export const workflowRun: Handler<typeof workflowRunOptions> = {
  run: async ({ values, positionals: [file], io }) => {
    const definition = await readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
      throw new UsageError(`Cannot read the state machine file "${file}": ${err.code ?? err.message}.`);
    });
    const input = await inputOf(values.input);
    const name = values.name ?? machineNameOf(file);
    const sfn = await sfnOf(io, values.port);
    const uploads = await readUploadsFile(file);
    if (uploads.length > 0) {
      const store = {
        s3: { endpoint: sfn.server.url, forcePathStyle: true },
        env: { ...io.env, ...localS3Env(await localS3Credentials(homeOf(io).root)) },
      };
      await uploadFiles(uploads, { baseDir: dirname(file), store });
      if (!values.json)
        write(io.stderr, `Uploaded ${uploads.length} file(s) to the local S3 (${uploads.map((u) => u.uri).join(', ')}).`);
    }
    const stateMachineArn = await createOrUpdate(sfn, name, definition, values.type ?? 'STANDARD');
    const started = await sfn.call<{ executionArn: string; startDate: number }>('StartExecution', {
      stateMachineArn,
      name: values.execution,
      input,
    });
    if (!values.json) write(io.stderr, `Started ${started.executionArn}`);
    const stop = () =>
      void sfn.call('StopExecution', { executionArn: started.executionArn, cause: 'Stopped from the CLI (Ctrl-C).' });
    io.signal?.addEventListener('abort', stop, { once: true });
    try {
      await follow(sfn, started.executionArn, started.startDate, values.json ? undefined : (line) => write(io.stderr, line));
    } finally {
      io.signal?.removeEventListener('abort', stop);
    }
    const done = await sfn.call<Record<string, unknown>>('DescribeExecution', { executionArn: started.executionArn });
    return report(done, values.json === true, io);
  },
};

function report(done: Record<string, unknown>, asJson: boolean, io: Parameters<typeof json>[0]): number {
  const ok = done.status === 'SUCCEEDED';
  if (asJson) json(io, done);
  else if (ok) write(io.stdout, String(done.output ?? 'null'));
  else {
    const why = [done.error, done.cause].filter((x) => typeof x === 'string' && x !== '').join(': ');
    write(io.stderr, `Execution ${String(done.status)}${why ? `: ${why}` : '.'}`);
  }
  return ok ? EXIT.ok : EXIT.failed;
}

/** `--input '{"a": 1}'` or `--input @file.json`, checked to be JSON here so the mistake is named. */
async function inputOf(flag: string | undefined): Promise<string> {
  if (flag === undefined) return '{}';
  const text = flag.startsWith('@')
    ? await readFile(flag.slice(1), 'utf8').catch((err: NodeJS.ErrnoException) => {
        throw new UsageError(`Cannot read the input file "${flag.slice(1)}": ${err.code ?? err.message}.`);
      })
    : flag;
  try {
    JSON.parse(text);
  } catch (err) {
    throw new GodwitError('E_WORKFLOW_INPUT', `--input is not JSON: ${(err as Error).message}.`, {
      hint: 'Give JSON text (--input \'{"key": "value"}\') or a file of it (--input @input.json).',
    });
  }
  return text;
}

/** `abalone.asl.json` → `abalone`; characters Step Functions refuses in names become `-`. */
export function machineNameOf(file: string): string {
  const stem = basename(file).replace(/(\.asl)?\.json$/i, '');
  return stem.replace(/[\s<>{}[\]?*"#%\\^|~`$&,;:/\u0000-\u001f]/g, '-').slice(0, 80) || 'workflow';
}

async function createOrUpdate(sfn: Sfn, name: string, definition: string, type: string): Promise<string> {
  try {
    const made = await sfn.call<{ stateMachineArn: string }>('CreateStateMachine', {
      name,
      definition,
      roleArn: LOCAL_ROLE,
      type,
    });
    return made.stateMachineArn;
  } catch (err) {
    if (!(err instanceof GodwitError) || err.code !== 'E_WORKFLOW_EXISTS') throw err;
    const arn = machineArn(name);
    await sfn.call('UpdateStateMachine', { stateMachineArn: arn, definition });
    return arn;
  }
}

/**
 * Prints each new history event until the execution ends. Pages are read from the start each
 * time and events already shown skipped by id, so no page token has to outlive its page.
 */
async function follow(sfn: Sfn, executionArn: string, start: number, print?: (line: string) => void): Promise<void> {
  let shown = 0;
  for (;;) {
    let nextToken: string | undefined;
    let ended = false;
    do {
      const page = await sfn.call<{ events: WireEvent[]; nextToken?: string }>('GetExecutionHistory', {
        executionArn,
        maxResults: 1000,
        nextToken,
      });
      for (const e of page.events) {
        if (e.id <= shown) continue;
        print?.(eventLine(e, start));
        shown = e.id;
        if (EXECUTION_ENDS.has(e.type)) ended = true;
      }
      nextToken = page.nextToken;
    } while (nextToken);
    if (ended) return;
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}
