import type { ModelCard, ModelCardContent } from '../model-card.js';
import type { VersionReport } from './version-report.js';

/** A version's card as exported: the author's content, with what Godwit filled in and said so. */
export interface FilledCard {
  readonly ref: string;
  readonly approvalStatus: string;
  /** False when the version has no card: the export is a Draft made from the version alone. */
  readonly recorded: boolean;
  readonly card: ModelCard;
  /** The top-level sections Godwit filled (`training_details`, `evaluation_details`, `model_overview`). */
  readonly filled: readonly string[];
}

/**
 * The version's model card with `training_details` and `evaluation_details` filled from its run
 * and metrics where the author left them out (never over what the author wrote). A version with
 * no card gets a Draft whose overview names its model and description.
 */
export function fillCard(r: VersionReport): FilledCard {
  const recorded = r.version.modelCard !== undefined;
  const card: ModelCard = r.version.modelCard ?? { status: 'Draft', content: {} };
  const content: { -readonly [K in keyof ModelCardContent]: ModelCardContent[K] } = { ...card.content };
  const filled: string[] = [];
  if (!content.model_overview) {
    content.model_overview = {
      model_artifact: [r.version.modelUri],
      ...(r.version.description && { model_description: r.version.description }),
    };
    filled.push('model_overview');
  }
  const training = trainingDetails(r);
  if (!content.training_details && training) {
    content.training_details = training;
    filled.push('training_details');
  }
  const evaluation = evaluationDetails(r);
  if (!content.evaluation_details && evaluation) {
    content.evaluation_details = evaluation;
    filled.push('evaluation_details');
  }
  return { ref: r.ref, approvalStatus: r.version.approvalStatus, recorded, card: { status: card.status, content }, filled };
}

function trainingDetails(r: VersionReport): ModelCardContent['training_details'] | undefined {
  const step = r.training?.step;
  const metrics = Object.entries(r.run?.metrics ?? {})
    .filter(([k]) => step && k.startsWith(`${step}.`))
    .map(([k, value]) => ({ name: k.slice(`${step}.`.length), value }));
  const hyper = Object.entries(r.training?.hyperparameters ?? {}).map(([name, v]) => ({
    name,
    value: typeof v === 'string' ? v : JSON.stringify(v),
  }));
  const datasets = r.lineage.dataSets.map((d) => d.uri ?? d.name);
  if (!r.run && datasets.length === 0) return undefined;
  return {
    ...(r.run && {
      training_observations: `Trained by run ${r.run.id} of pipeline ${r.run.pipeline}${step ? `, step ${step}` : ''}.`,
    }),
    training_job_details: {
      ...(datasets.length > 0 && { training_datasets: datasets }),
      ...(r.version.inference?.image && { training_environment: { container_image: [r.version.inference.image] } }),
      ...(metrics.length > 0 && { training_metrics: metrics }),
      ...(hyper.length > 0 && { hyper_parameters: hyper }),
    },
  };
}

function evaluationDetails(r: VersionReport): ModelCardContent['evaluation_details'] | undefined {
  const entries = Object.entries(r.metricValues);
  if (entries.length === 0) return undefined;
  return [
    {
      name: `${r.ref} metrics report`,
      ...(r.version.metricsUri && { metadata: { source: r.version.metricsUri } }),
      metric_groups: [
        {
          name: 'metrics',
          metric_data: entries.map(([name, value]) => ({ name, type: 'number', value })),
        },
      ],
    },
  ];
}
