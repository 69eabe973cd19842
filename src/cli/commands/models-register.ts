import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { currentActor } from '../../core/actor.js';
import { GodwitError } from '../../core/errors.js';
import type { ApprovalStatus } from '../../pipeline/ir.js';
import type { ModelCard } from '../../registry/model-card.js';
import { checkModelCard } from '../../registry/model-card-check.js';
import { registerFromUri } from '../../registry/register-from-uri.js';
import { modelMetricsOf } from '../../registry/report-files.js';
import { storeOptionsFor } from '../artifact-location.js';
import { EXIT, homeOf, json, UsageError, write } from '../cli-io.js';
import { withMetadata } from '../open-home.js';
import type { Handler } from '../spec/command-spec.js';
import type { modelsRegisterOptions } from '../spec/models-specs.js';

export const modelsRegister: Handler<typeof modelsRegisterOptions> = {
  run: async ({ values, positionals: [group], io }) => {
    const modelMetrics = modelMetricsOf(
      {
        modelQualityStatistics: values['model-quality-statistics'],
        modelQualityConstraints: values['model-quality-constraints'],
        dataQualityStatistics: values['data-quality-statistics'],
        dataQualityConstraints: values['data-quality-constraints'],
        bias: values['bias-report'],
        explainability: values['explainability-report'],
      },
      io.cwd,
    );
    const tags = pairs(values.tag, '--tag');
    const customerMetadata = pairs(values.metadata, '--metadata');
    const modelCard = values.card === undefined ? undefined : await readCard(resolve(io.cwd, values.card));
    return withMetadata(io, async ({ registry }) => {
      const modelUri = values.model as string;
      // The model's files are read to record its descriptor, and the reports for their digests; a
      // store that cannot be reached (no local S3 server can start) leaves the version without them
      // rather than unregistered.
      const reportUris = Object.values(modelMetrics ?? {}).flatMap((kind) =>
        Object.values(kind as Record<string, { uri: string }>).map((s) => s.uri),
      );
      const storeOptions = await storeOptionsFor(io, [modelUri, ...reportUris]).catch(() => undefined);
      const stage = { home: homeOf(io), storeOptions };
      const version = await registerFromUri(
        registry,
        {
          group,
          modelUri,
          approvalStatus: values['approval-status'] as ApprovalStatus | undefined,
          metricsUri: values.metrics,
          description: values.description,
          actor: currentActor(io.env),
          inference: {
            image: values.image,
            contentTypes: values['content-type'],
            responseTypes: values['response-type'],
            inferenceInstances: values['inference-instance'],
            transformInstances: values['transform-instance'],
          },
          modelMetrics,
          tags,
          customerMetadata,
          modelCard,
        },
        stage,
      );
      if (values.json) json(io, version);
      else write(io.stdout, `Registered ${version.group} version ${version.version} (${version.approvalStatus}).`);
      return EXIT.ok;
    });
  },
};

/** `K=V` flags as a record; undefined when none was given. */
function pairs(list: readonly string[] | undefined, flag: string): Record<string, string> | undefined {
  if (!list?.length) return undefined;
  const out: Record<string, string> = {};
  for (const item of list) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new UsageError(`${flag} takes KEY=VALUE, not "${item}".`);
    out[item.slice(0, eq)] = item.slice(eq + 1);
  }
  return out;
}

/**
 * A model card file: `{ "status": "Draft", "content": { … } }`, or the content alone (the JSON a
 * SageMaker model card's `ModelCardContent` holds), which is then a Draft.
 */
async function readCard(path: string): Promise<ModelCard> {
  const text = await readFile(path, 'utf8').catch(() => {
    throw new GodwitError('E_INPUT_MISSING', `The model card file ${path} cannot be read.`);
  });
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new GodwitError('E_MODEL_CARD', `The model card file ${path} is not valid JSON.`, {
      hint: 'A model card is JSON: {"status": "Draft", "content": {"model_overview": {…}, "intended_uses": {…}}}.',
    });
  }
  const card = parsed as { status?: unknown; content?: unknown };
  const wrapped = parsed !== null && typeof parsed === 'object' && 'content' in card;
  return checkModelCard(wrapped ? card : { status: 'Draft', content: parsed });
}
