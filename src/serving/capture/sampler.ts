/**
 * `InitialSamplingPercentage` for the endpoint host: the sink captures what it is offered, and the
 * host asks a sampler per request whether to build a record at all (so an unsampled request costs
 * one random number, never a copy of its body).
 *
 * ```ts
 * const sampled = sampler(spec.initialSamplingPercentage);
 * if (sampled()) sink.offer(record);
 * ```
 */
export function sampler(percentage: number, random: () => number = Math.random): () => boolean {
  if (percentage >= 100) return () => true;
  if (percentage <= 0) return () => false;
  return () => random() * 100 < percentage;
}
