/**
 * Model steps on KFP: a SageMaker named model (CreateModel) has no Vertex AI twin that serves by
 * name (Vertex's ModelUploadOp needs an unmanaged container artifact and a serving image of its
 * own), and nothing on KFP reads a model by its name; transforms and registrations read the model
 * data itself. So a model step is left out with a warning, and a step that waited for it waits for
 * what it waited for. A step that reads its name (`ModelName`) is refused by kfp-expressions.ts.
 */
import type { PipelineIR, StepIR } from '../../pipeline/ir.js';
import { upstreamOf } from '../../pipeline/walk.js';
import type { CompileWarning } from '../target.js';

export function withoutModelSteps(ir: PipelineIR): { ir: PipelineIR; warnings: CompileWarning[] } {
  const models = new Map(ir.steps.filter((s) => s.type === 'model').map((s) => [s.name, s]));
  if (models.size === 0) return { ir, warnings: [] };
  const through = (names: readonly string[], seen = new Set<string>()): string[] =>
    names.flatMap((n) => {
      const model = models.get(n);
      if (!model) return [n];
      if (seen.has(n)) return [];
      seen.add(n);
      return through(upstreamOf(model), seen);
    });
  const steps = ir.steps.flatMap((s): StepIR[] => {
    if (models.has(s.name)) return [];
    const out: StepIR =
      s.type === 'condition'
        ? { ...s, then: s.then.filter((n) => !models.has(n)), else: s.else.filter((n) => !models.has(n)) }
        : s;
    if (!s.dependsOn?.some((d) => models.has(d))) return [out];
    return [{ ...out, dependsOn: [...new Set(through(s.dependsOn))] }];
  });
  const warnings = [...models.keys()].map((step) => ({
    step,
    message:
      'model step left out: KFP has no named SageMaker model; the steps that use the model read its data, and steps that waited for it wait for what it waited for.',
  }));
  return { ir: { ...ir, steps }, warnings };
}
