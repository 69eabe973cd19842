import { createHash } from 'node:crypto';
import type { DataCaptureSpec, EndpointConfigRecord, VariantSpec, VariantState } from '../endpoints/endpoint-records.js';
import type { NewEndpointConfig } from '../endpoints/endpoints.js';
import type { ExperimentRecord, ExperimentVariant, StopRequest } from './experiment-records.js';

/**
 * The endpoint configs an experiment moves its endpoint through, built from the config the
 * endpoint serves and its live weights and counts (`VariantState`), never from scratch, so
 * whatever else the endpoint runs (other production variants, capture, other shadows) is kept.
 */

/** The tag every config an experiment makes carries, naming the experiment. */
export const EXPERIMENT_TAG = 'godwit:inference-experiment';

/**
 * A config name for one step of an experiment, the same on every try (so a runner restarted after
 * creating it reuses it): `<experiment, clipped>-<step>-<8 hex of the experiment's identity>`.
 */
export function stepConfigName(e: ExperimentRecord, step: 'shadow' | 'end' | 'promote'): string {
  const id = createHash('sha256').update(`${e.name}\n${e.createdAt.toISOString()}\n${step}`).digest('hex').slice(0, 8);
  return `${e.name.slice(0, 62 - step.length - 10)}-${step}-${id}`;
}

/** The production variants as they serve now: the config's specs with the recorded weights and counts. */
function live(config: EndpointConfigRecord, states: readonly VariantState[]): VariantSpec[] {
  return config.productionVariants.map((v) => {
    const s = states.find((x) => x.variantName === v.variantName);
    return s ? { ...v, initialVariantWeight: s.weight, initialInstanceCount: s.instanceCount } : v;
  });
}

const variantOf = (e: ExperimentRecord, name: string): ExperimentVariant | undefined =>
  e.modelVariants.find((v) => v.variantName === name);

/**
 * The endpoint as it serves plus the experiment's shadow: the production variant on the instance
 * settings ModelVariants gives it, the shadow weighted so that it mirrors `samplingPercentage` %
 * of requests (`shadowSamplingPercentage`: shadow weight / Σ production weights), and capture to
 * the experiment's `DataStorageConfig` when it has one.
 */
export function shadowConfig(
  e: ExperimentRecord,
  base: EndpointConfigRecord,
  states: readonly VariantState[],
): NewEndpointConfig {
  const source = variantOf(e, e.productionVariant);
  const production = live(base, states).map((v) =>
    v.variantName === e.productionVariant && source
      ? { ...v, initialInstanceCount: source.instanceCount, instanceType: source.instanceType }
      : v,
  );
  const total = production.reduce((sum, v) => sum + v.initialVariantWeight, 0);
  const shadow = variantOf(e, e.shadowVariant) as ExperimentVariant;
  const spec: VariantSpec = {
    variantName: shadow.variantName,
    modelName: shadow.modelName,
    initialInstanceCount: shadow.instanceCount,
    initialVariantWeight: (total * e.samplingPercentage) / 100,
    instanceType: shadow.instanceType,
  };
  const others = base.shadowVariants.filter((v) => v.variantName !== e.shadowVariant);
  const dataCapture = e.dataStorage ? captureOf(e.dataStorage, e.kmsKey) : base.dataCapture;
  return {
    name: stepConfigName(e, 'shadow'),
    productionVariants: production,
    shadowVariants: [...others, spec],
    ...(dataCapture && { dataCapture }),
    tags: [{ Key: EXPERIMENT_TAG, Value: e.name }],
  };
}

function captureOf(s: NonNullable<ExperimentRecord['dataStorage']>, kmsKey?: string): DataCaptureSpec {
  return {
    enableCapture: true,
    initialSamplingPercentage: 100,
    destinationS3Uri: s.destination,
    captureModes: ['Input', 'Output'],
    csvContentTypes: s.csvContentTypes,
    jsonContentTypes: s.jsonContentTypes,
    ...((s.kmsKey ?? kmsKey) !== undefined && { kmsKeyId: s.kmsKey ?? kmsKey }),
  };
}

/**
 * Where a stop leaves the endpoint, from the experiment's config: the shadow Removed (the default
 * at the end of the schedule), Retained (it keeps mirroring, outside the experiment), or Promoted
 * into the production variant's place — its name and model, the production variant's weight, and
 * the production variant's instance settings unless `DesiredModelVariants` gives its own (the
 * setting AWS recommends: the promoted model takes production's load). Capture set up by the
 * experiment's `DataStorageConfig` ends (`baseCapture`, the endpoint's own, is restored). Undefined when nothing
 * would change (both Retained, no new instance settings): no update is needed.
 */
export function finalConfig(
  e: ExperimentRecord,
  current: EndpointConfigRecord,
  states: readonly VariantState[],
  stop: StopRequest,
  baseCapture?: DataCaptureSpec,
): NewEndpointConfig | undefined {
  const desired = (name: string) => stop.desiredVariants.find((d) => d.variantName === name);
  const resized = (v: VariantSpec): VariantSpec => {
    const d = desired(v.variantName);
    return d ? { ...v, initialInstanceCount: d.instanceCount, instanceType: d.instanceType } : v;
  };
  const shadowAction = stop.actions[e.shadowVariant];
  const shadow = current.shadowVariants.find((v) => v.variantName === e.shadowVariant);
  let production = live(current, states).map(resized);
  let shadows = current.shadowVariants.filter((v) => v.variantName !== e.shadowVariant);
  if (shadowAction === 'Promote' && shadow) {
    production = production.map((v) =>
      v.variantName === e.productionVariant ? promoted(shadow, v, desired(shadow.variantName)) : v,
    );
  } else if (shadowAction === 'Retain' && shadow) shadows = current.shadowVariants.map(resized);
  const unchanged = shadowAction === 'Retain' && stop.desiredVariants.length === 0;
  if (unchanged) return undefined;
  // Capture the experiment turned on (DataStorageConfig) ends with it; the endpoint's own stays.
  const dataCapture = e.dataStorage ? baseCapture : current.dataCapture;
  return {
    name: stepConfigName(e, shadowAction === 'Promote' ? 'promote' : 'end'),
    productionVariants: production,
    shadowVariants: shadows,
    ...(dataCapture && { dataCapture }),
    tags: [{ Key: EXPERIMENT_TAG, Value: e.name }],
  };
}

/** The shadow as a production variant in `production`'s place. */
export function promoted(shadow: VariantSpec, production: VariantSpec, desired?: ExperimentVariant): VariantSpec {
  return {
    variantName: shadow.variantName,
    modelName: shadow.modelName,
    initialVariantWeight: production.initialVariantWeight,
    initialInstanceCount: desired?.instanceCount ?? production.initialInstanceCount,
    ...((desired?.instanceType ?? production.instanceType) !== undefined && {
      instanceType: desired?.instanceType ?? production.instanceType,
    }),
  };
}
