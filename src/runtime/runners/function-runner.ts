import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { FunctionStep, ParameterValue } from '../../pipeline/ir.js';
import type { StepContext, StepResult } from '../step-context.js';
import { StepFailure } from '../step-failure.js';

/** Calls an in-process function with its inputs staged and output folders ready. */
export async function runFunction(ctx: StepContext): Promise<StepResult> {
  const step = ctx.step as FunctionStep;
  const handler = await ctx.services.handlerFor(step);
  const inputs: Record<string, string> = {};
  const outputs: Record<string, string> = {};
  for (const input of step.inputs) {
    inputs[input.name] = join(ctx.workspace, 'inputs', input.name);
    await ctx.stageInput(input.source, inputs[input.name], `input "${input.name}"`);
  }
  for (const output of step.outputs) {
    outputs[output.name] = join(ctx.workspace, 'outputs', output.name);
    await mkdir(outputs[output.name], { recursive: true });
  }
  const args: Record<string, ParameterValue> = {};
  for (const [k, v] of Object.entries(step.args ?? {})) args[k] = await ctx.resolve(v);
  let result: Awaited<ReturnType<typeof handler>>;
  try {
    result = await handler({
      inputs,
      outputs,
      args,
      parameters: ctx.run.parameters,
      runId: ctx.run.id,
      stepName: step.name,
      caller: ctx.caller,
      signal: ctx.signal,
      log: ctx.log,
      env: ctx.run.hostEnv,
    });
  } catch (err) {
    if (ctx.signal.aborted) throw ctx.signal.reason;
    const message = err instanceof Error ? err.message : String(err);
    throw new StepFailure('E_FUNCTION_THREW', 'error', `its function threw: ${message}`, { cause: err });
  }
  const metrics = result && typeof result === 'object' ? result.metrics : undefined;
  return { outputs, metrics };
}
