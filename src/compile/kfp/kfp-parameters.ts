/**
 * Pipeline parameters → the root component's input definitions. A parameter that names an
 * input's data (`inputs: { raw: { source: input_data } }`) and defaults to a local path gets the
 * uploaded URI as its default, since the cloud run cannot read the compiling machine's disk.
 */
import type { ParameterSpec } from '../../pipeline/ir.js';
import { baseName, dataParameters, isLocalPath } from '../uploads.js';
import { type KfpContext, pipelineUri } from './kfp-context.js';
import { kfpParameterType } from './kfp-expressions.js';
import type { ParameterDefinition } from './kfp-spec.js';

function definition(ctx: KfpContext, p: ParameterSpec, readBy: readonly string[] | undefined): ParameterDefinition {
  const def: ParameterDefinition = { parameterType: kfpParameterType(p.type) };
  if (p.default !== undefined) {
    let value = p.default;
    if (readBy && typeof value === 'string' && isLocalPath(value)) {
      const uri = pipelineUri(ctx, 'parameters', p.name, baseName(value));
      value = ctx.uploads.add(value, uri, `parameter "${p.name}" (default, read by ${readBy.join('; ')})`);
    }
    def.defaultValue = value;
    def.isOptional = true;
  }
  if (p.description) def.description = p.description;
  return def;
}

export function rootParameters(ctx: KfpContext): Record<string, ParameterDefinition> | undefined {
  if (ctx.ir.parameters.length === 0) return undefined;
  const data = dataParameters(ctx.ir);
  return Object.fromEntries(ctx.ir.parameters.map((p) => [p.name, definition(ctx, p, data.get(p.name))]));
}
