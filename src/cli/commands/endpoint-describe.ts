import { notFound } from '../../endpoints/endpoint-errors.js';
import type { EndpointConfigRecord, EndpointRecord, VariantSpec, VariantState } from '../../endpoints/endpoint-records.js';
import { findServer } from '../../server/client.js';
import { type CliIo, EXIT, homeOf, json, write } from '../cli-io.js';
import { table } from '../format.js';
import { withMetadata } from '../open-home.js';
import type { Handler } from '../spec/command-spec.js';
import type { endpointDescribeOptions } from '../spec/endpoint-catalog-specs.js';

/** What the server sees now (`GET /api/v1/endpoints/{name}/live`), as the host serves it. */
interface LiveFigures {
  readonly variants: readonly { variantName: string; instances: number; inFlight: number; queued?: number }[];
  readonly capture?: { offered: number; written: number; dropped: number; pending: number };
}

/** `godwit endpoint describe NAME`: the record, plus the server's live figures when one runs. */
export const endpointDescribe: Handler<typeof endpointDescribeOptions> = {
  run: async ({ values, positionals: [name], io }) => {
    const { endpoint, config, pending } = await withMetadata(io, async ({ endpoints }) => {
      const e = await endpoints.getEndpoint(name);
      if (!e) throw notFound('endpoint', name);
      const pendingConfig = e.pendingConfigName ? await endpoints.getEndpointConfig(e.pendingConfigName) : undefined;
      return { endpoint: e, config: await endpoints.getEndpointConfig(e.configName), pending: pendingConfig };
    });
    const live = await liveFigures(io, name);
    if (values.json) {
      json(io, { endpoint, config: config ?? null, pendingConfig: pending ?? null, live: live ?? null });
      return EXIT.ok;
    }
    write(io.stdout, describe(endpoint, config, live));
    return EXIT.ok;
  },
};

/** The live figures, or undefined when no server runs or it cannot say (an older server, a timeout). */
async function liveFigures(io: CliIo, name: string): Promise<LiveFigures | undefined> {
  const { server } = await findServer(homeOf(io)).catch(() => ({ server: undefined }));
  if (!server) return undefined;
  try {
    const res = await fetch(`${server.url}/api/v1/endpoints/${encodeURIComponent(name)}/live`, {
      signal: AbortSignal.timeout(2000),
    });
    return res.ok ? ((await res.json()) as LiveFigures) : undefined;
  } catch {
    return undefined;
  }
}

function describe(e: EndpointRecord, config: EndpointConfigRecord | undefined, live: LiveFigures | undefined): string {
  const lines = [`Endpoint ${e.name}: ${e.status} (config ${e.configName}; updated ${e.lastModifiedAt.toISOString()})`];
  if (e.failureReason) lines.push(`Failure: ${e.failureReason}`);
  if (e.pendingConfigName) lines.push(`Updating to config ${e.pendingConfigName}; the current config serves until it is up.`);
  if (!config) return [...lines, `Its config "${e.configName}" has been deleted.`].join('\n');
  const desired = (v: VariantSpec) => e.variants.find((s) => s.variantName === v.variantName);
  const weights = config.productionVariants.map((v) => desired(v)?.weight ?? v.initialVariantWeight);
  const sum = weights.reduce((a, b) => a + b, 0);
  const rows = config.productionVariants.map((v, i) => {
    const now = live?.variants.find((l) => l.variantName === v.variantName);
    return [
      v.variantName,
      v.modelName,
      String(weights[i]),
      sum > 0 ? `${Math.round((weights[i] / sum) * 1000) / 10}%` : '-',
      instancesText(v, desired(v)),
      ...(live ? [String(now?.instances ?? 0), String(now?.inFlight ?? 0)] : []),
    ];
  });
  const liveHead = live ? ['LIVE', 'IN FLIGHT'] : [];
  lines.push('', table(['VARIANT', 'MODEL', 'WEIGHT', 'SHARE', 'INSTANCES', ...liveHead], rows));
  if (config.shadowVariants.length > 0) {
    const shadowRows = config.shadowVariants.map((v) => [
      v.variantName,
      v.modelName,
      String(v.initialVariantWeight),
      String(v.initialInstanceCount),
    ]);
    lines.push('', 'Shadow variants (a sampled copy of the traffic; answers recorded, never returned):');
    lines.push(table(['VARIANT', 'MODEL', 'WEIGHT', 'INSTANCES'], shadowRows));
  }
  const c = config.dataCapture;
  lines.push(
    '',
    c
      ? `Capture: ${c.enableCapture ? 'on' : 'off'}, ${c.initialSamplingPercentage}% of requests (${c.captureModes.join(' and ')}) to ${c.destinationS3Uri}`
      : 'Capture: off',
  );
  if (live?.capture) {
    const k = live.capture;
    lines.push(`Captured so far: ${k.offered} offered, ${k.written} written, ${k.dropped} dropped, ${k.pending} pending`);
  }
  if (!live) lines.push('', 'Live figures: no Godwit server runs for this home (start one with: godwit server).');
  return lines.join('\n');
}

/** A variant's instances as recorded; a serverless one's limits (its desired ones once updated). */
function instancesText(v: VariantSpec, state: VariantState | undefined): string {
  const s = state?.serverless ?? v.serverless;
  if (!s) return String(state?.instanceCount ?? v.initialInstanceCount);
  const warm = s.provisionedConcurrency === undefined ? '' : `, ${s.provisionedConcurrency} warm`;
  return `serverless ${s.memorySizeInMB} MB, max ${s.maxConcurrency}${warm}`;
}
