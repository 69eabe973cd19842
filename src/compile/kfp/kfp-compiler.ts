/**
 * The Kubeflow Pipelines / Vertex AI Pipelines target: pipeline IR → KFP v2 PipelineSpec, shaped
 * as the KFP SDK (2.13) compiles the equivalent `@dsl.pipeline`. The document is the spec as plain
 * JSON; `toKfpYaml` writes it as the SDK does. See docs/compile-kfp.md for the mapping.
 *
 * ```ts
 * const { document, uploads } = compileKfp(pipeline.ir, BUILTIN_PROFILES.gcp);
 * writeFileSync('abalone.kfp.yaml', toKfpYaml(document));
 * ```
 */
import type { Compiler } from '../target.js';
import { UploadList } from '../uploads.js';
import { type KfpContext, pipelineUri } from './kfp-context.js';
import type { DagNode } from './kfp-dag.js';
import { layOut } from './kfp-layout.js';
import { withoutModelSteps } from './kfp-model-steps.js';
import { NameAllocator, sanitizeName } from './kfp-names.js';
import { rootParameters } from './kfp-parameters.js';
import type { PipelineSpec } from './kfp-spec.js';
import { compileStep } from './kfp-steps.js';

export { toKfpYaml } from './yaml/kfp-yaml.js';

/** The SDK release whose output this compiler reproduces (written as the spec's `sdkVersion`). */
export const KFP_SDK_VERSION = 'kfp-2.13.0';

export const compileKfp: Compiler = (given, profile, options = {}) => {
  const { ir, warnings } = withoutModelSteps(given);
  const root: DagNode = { component: { dag: { tasks: {} } } };
  const ctx: KfpContext = {
    ir,
    profile,
    root,
    names: new NameAllocator(),
    components: {},
    executors: {},
    uploads: new UploadList(),
    steps: new Map(ir.steps.map((s) => [s.name, s])),
    parameters: new Map(ir.parameters.map((p) => [p.name, p])),
    placements: new Map(),
    conditions: new Map(),
    helpers: new Map(),
    warnings,
    options,
  };
  const parameters = rootParameters(ctx);
  if (parameters) root.component.inputDefinitions = { parameters };
  layOut(ctx);
  for (const step of ir.steps) compileStep(ctx, step);

  const name = sanitizeName(ir.name);
  const document: PipelineSpec = {
    components: ctx.components,
    defaultPipelineRoot: pipelineUri(ctx, 'runs'),
    deploymentSpec: { executors: ctx.executors },
    pipelineInfo: {
      name,
      ...(name !== ir.name ? { displayName: ir.name } : {}),
      ...(ir.description ? { description: ir.description } : {}),
    },
    root: root.component,
    schemaVersion: '2.1.0',
    sdkVersion: KFP_SDK_VERSION,
  };
  return { target: 'kfp', document, format: 'yaml', uploads: ctx.uploads.list(), warnings: ctx.warnings };
};
