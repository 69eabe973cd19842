import type { GodwitHome } from '../../core/home.js';
import { findServer, startDetached, stopServer } from '../../server/client.js';
import { logFile } from '../../server/server-files.js';
import { serverHost, serverPort } from '../../server/server-options.js';
import { serverArtifactLocation } from '../artifact-location.js';
import { type CliIo, type Command, configOf, EXIT, homeOf, json, parseCommandArgs, UsageError, write } from '../cli-io.js';

const USAGE = 'godwit server [--port N] [--host H] [--detach] | godwit server status [--json] | godwit server stop';

export const serverCommand: Command = {
  name: 'server',
  summary:
    "Run the local cloud: Godwit's REST API, AWS front doors (SageMaker, SageMaker Runtime, S3, CloudWatch), Vertex AI :predict and the endpoints, on one loopback port",
  usage: USAGE,
  help: `Starts one server for Godwit's home on 127.0.0.1, in the foreground (Ctrl-C stops it) or
detached (--detach: a pid file and a log in <home>/server/). One server per home.

Subcommands:
  (none)      Start the server.
  status      Whether the home's server runs, and where (exit code 1 when it does not).
  stop        Stop the home's server; requests in flight finish first.

Options:
  --port N    Port to listen on (default: server.port in the configuration, GODWIT_PORT, else
              4600; 0 picks a free one).
  --detach    Start in the background and return once it answers.
  --host H    Address to listen on (default 127.0.0.1). Another (0.0.0.0, a LAN address) is
              accepted only when a principal holds an access key or a token: every request
              then needs them (godwit principals --help).
  --json      (status) Machine-readable output.

Point SDKs at it with the URL it prints, e.g. AWS_ENDPOINT_URL=http://127.0.0.1:4600 and any
access key (a principal's own once the home has principals). See docs/server.md.

Examples:
  godwit server
  godwit server --detach --port 4601
  godwit server --host 0.0.0.0
  godwit server status
  godwit server stop`,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, OPTIONS, USAGE);
    const [sub, ...rest] = positionals;
    if (rest.length > 0) throw new UsageError(`Unexpected "${rest.join(' ')}".`, USAGE);
    const home = homeOf(io);
    if (sub === 'status') return status(home, io, values.json === true);
    if (sub === 'stop') return stop(home, io);
    if (sub !== undefined) throw new UsageError(`Unknown subcommand "${sub}".`, USAGE);
    const host = serverHost(values.host);
    const port = serverPort(values.port, configOf(io).server.port);
    if (values.detach) {
      const server = await startDetached(home, { port, env: io.env, host: host === '127.0.0.1' ? undefined : host });
      write(io.stdout, banner(server.url, home, server.pid, `Log: ${logFile(home)}\nStop it with: godwit server stop`));
      return EXIT.ok;
    }
    const { runForeground } = await import('../../server/foreground.js');
    const artifacts = await serverArtifactLocation(io, host, port);
    return runForeground(home, { host, port, artifacts }, io, (url) => banner(url, home, process.pid, 'Stop it with Ctrl-C.'));
  },
};

const OPTIONS = {
  port: { type: 'string' },
  host: { type: 'string' },
  detach: { type: 'boolean' },
  json: { type: 'boolean' },
} as const;

function banner(url: string, home: GodwitHome, pid: number, last: string): string {
  return `Godwit server for ${home.root} listening on ${url} (pid ${pid})

Give AWS SDKs this endpoint (any access key works until the home has principals; then their own):
  AWS_ENDPOINT_URL=${url}
  boto3.client("sagemaker", endpoint_url="${url}", region_name="us-east-1")
  new SageMakerClient({ endpoint: "${url}", region: "us-east-1" })
S3 (buckets in ${home.root}/s3): boto3.client("s3", endpoint_url="${url}")
REST API: ${url}/api/v1/runs
${last}`;
}

async function status(home: GodwitHome, io: CliIo, asJson: boolean): Promise<number> {
  const found = await findServer(home);
  const stale = found.staleRemoved ? ` (removed the stale pid file of process ${found.staleRemoved})` : '';
  if (asJson) json(io, { home: home.root, running: Boolean(found.server), ...found });
  else if (found.server) {
    const s = found.server;
    write(
      io.stdout,
      `Godwit server for ${home.root}: running at ${s.url} (pid ${s.pid}, since ${s.startedAt}). Log: ${logFile(home)}`,
    );
  } else if (found.unresponsive) {
    write(
      io.stdout,
      `Godwit server for ${home.root}: process ${found.unresponsive.pid} holds it but does not answer (starting, or hung).`,
    );
  } else write(io.stdout, `No Godwit server runs for ${home.root}${stale}. Start one with: godwit server`);
  return found.server ? EXIT.ok : EXIT.failed;
}

async function stop(home: GodwitHome, io: CliIo): Promise<number> {
  const stopped = await stopServer(home);
  write(
    io.stdout,
    stopped ? `Stopped the Godwit server at ${stopped.url} (pid ${stopped.pid}).` : `No Godwit server runs for ${home.root}.`,
  );
  return EXIT.ok;
}
