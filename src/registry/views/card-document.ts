import type { ModelCardContent } from '../model-card.js';
import type { FilledCard } from './card-fill.js';

/**
 * A model card laid out once, as titled sections of fields and tables, so the Markdown and the
 * HTML exports show the same things in the same order (SageMaker's card sections).
 */
export interface CardDocument {
  readonly title: string;
  readonly facts: readonly (readonly [string, string])[];
  readonly sections: readonly CardSection[];
  readonly note?: string;
}

export interface CardSection {
  readonly title: string;
  readonly fields: readonly (readonly [string, string])[];
  readonly tables: readonly { readonly title?: string; readonly header: readonly string[]; readonly rows: readonly string[][] }[];
}

const text = (v: unknown): string => (typeof v === 'string' ? v : v === undefined ? '' : JSON.stringify(v));

const LABELS: Record<string, string> = {
  model_description: 'Description',
  model_creator: 'Creator',
  model_owner: 'Owner',
  model_artifact: 'Model artifacts',
  algorithm_type: 'Algorithm',
  problem_type: 'Problem type',
  purpose_of_model: 'Purpose',
  intended_uses: 'Intended uses',
  factors_affecting_model_efficiency: 'Factors affecting efficiency',
  risk_rating: 'Risk rating',
  explanations_for_risk_rating: 'Why this risk rating',
  business_problem: 'Business problem',
  business_stakeholders: 'Stakeholders',
  line_of_business: 'Line of business',
  training_observations: 'Observations',
  ethical_considerations: 'Ethical considerations',
  caveats_and_recommendations: 'Caveats and recommendations',
};

const label = (key: string) => LABELS[key] ?? key.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());

/** Scalar and list fields of an object, in the card's key order; nested objects are left to their own tables. */
function fields(obj: Readonly<Record<string, unknown>> | undefined): [string, string][] {
  return Object.entries(obj ?? {}).flatMap(([k, v]): [string, string][] => {
    if (v === undefined || v === null) return [];
    if (Array.isArray(v) && v.every((x) => typeof x !== 'object')) return [[label(k), v.join(', ')]];
    if (typeof v === 'object') return [];
    return [[label(k), text(v)]];
  });
}

export function cardDocument(f: FilledCard): CardDocument {
  const c: ModelCardContent = f.card.content;
  const sections: CardSection[] = [];
  const add = (title: string, s: Omit<CardSection, 'title'>) => {
    if (s.fields.length > 0 || s.tables.some((t) => t.rows.length > 0)) sections.push({ title, ...s });
  };
  add('Model overview', { fields: fields(c.model_overview), tables: [] });
  add('Intended uses', { fields: fields(c.intended_uses), tables: [] });
  add('Business details', { fields: fields(c.business_details), tables: [] });
  const job = c.training_details?.training_job_details;
  add('Training details', {
    fields: [
      ...fields(c.training_details as Record<string, unknown> | undefined),
      ...(job?.training_arn ? [['Training job', job.training_arn] as [string, string]] : []),
      ...(job?.training_datasets?.length ? [['Training data sets', job.training_datasets.join(', ')] as [string, string]] : []),
      ...(job?.training_environment?.container_image?.length
        ? [['Container images', job.training_environment.container_image.join(', ')] as [string, string]]
        : []),
    ],
    tables: [
      nameValues('Training metrics', [...(job?.training_metrics ?? []), ...(job?.user_provided_training_metrics ?? [])]),
      nameValues('Hyperparameters', [...(job?.hyper_parameters ?? []), ...(job?.user_provided_hyper_parameters ?? [])]),
    ],
  });
  for (const e of c.evaluation_details ?? []) {
    add(`Evaluation: ${e.name}`, {
      fields: [
        ...fields({ evaluation_observation: e.evaluation_observation, evaluation_job_arn: e.evaluation_job_arn }),
        ...(e.datasets?.length ? [['Data sets', e.datasets.join(', ')] as [string, string]] : []),
        ...Object.entries(e.metadata ?? {}).map(([k, v]) => [label(k), text(v)] as [string, string]),
      ],
      tables: (e.metric_groups ?? []).map((g) => ({
        title: g.name,
        header: ['Metric', 'Value', 'Notes'],
        rows: g.metric_data.map((m) => [m.name, text(m.value), m.notes ?? '']),
      })),
    });
  }
  const extra = c.additional_information;
  add('Additional information', {
    fields: [...fields(extra), ...Object.entries(extra?.custom_details ?? {}).map(([k, v]) => [k, v] as [string, string])],
    tables: [],
  });
  return {
    title: `Model card: ${f.ref}`,
    facts: [
      ['Card status', f.card.status],
      ['Approval status', f.approvalStatus],
    ],
    sections,
    ...(!f.recorded
      ? { note: 'This version has no model card; this Draft is made from what the version records.' }
      : f.filled.length > 0
        ? { note: `Filled in by Godwit from the version's run and metrics: ${f.filled.join(', ')}.` }
        : {}),
  };
}

function nameValues(title: string, items: readonly { name: string; value: unknown; notes?: string }[]) {
  return { title, header: ['Name', 'Value'], rows: items.map((m) => [m.name, text(m.value)]) };
}
