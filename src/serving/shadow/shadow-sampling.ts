/**
 * Which production requests a shadow variant gets a copy of. SageMaker sets it with the shadow
 * variant's `InitialVariantWeight` in `ShadowProductionVariants`, read relative to the production
 * variant's weight (a shadow test allows one of each): production weight 1 and shadow weight 0.5
 * mirror 50 % of requests, equal weights mirror all of them, and the console's "traffic sampling
 * percentage" is written into the config that way. A ratio above 1 still mirrors every request once.
 */
export function shadowSamplingPercentage(productionWeight: number, shadowWeight: number): number {
  if (!(shadowWeight > 0) || !(productionWeight > 0)) return 0;
  return Math.min(100, (shadowWeight / productionWeight) * 100);
}

/**
 * Whether this request is mirrored: true for `samplingPercentage` % of calls on average (0 never,
 * 100 always). `random` is injectable so a test can pin the draws; it returns values in [0, 1).
 */
export function shouldMirror(samplingPercentage: number, random: () => number = Math.random): boolean {
  if (!(samplingPercentage > 0)) return false;
  if (samplingPercentage >= 100) return true;
  return random() * 100 < samplingPercentage;
}
