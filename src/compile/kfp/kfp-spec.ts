/**
 * The part of KFP's PipelineSpec (proto/kfp/pipeline_spec.proto, protobuf JSON names) that Godwit
 * emits. Field names and nesting follow the proto exactly; the strict proto check in the tests
 * parses every compiled document against the proto itself.
 */
import type { JsonValue } from '../../pipeline/ir.js';

export type KfpParameterType = 'STRING' | 'NUMBER_INTEGER' | 'NUMBER_DOUBLE' | 'BOOLEAN' | 'LIST' | 'STRUCT';

export type KfpSchemaTitle = 'system.Dataset' | 'system.Model' | 'system.Metrics' | 'system.Artifact' | 'google.BQTable';

export interface ArtifactTypeSchema {
  schemaTitle: KfpSchemaTitle;
  schemaVersion: '0.0.1';
}

export interface ParameterDefinition {
  parameterType: KfpParameterType;
  defaultValue?: JsonValue;
  isOptional?: boolean;
  description?: string;
}

export interface ArtifactDefinition {
  artifactType: ArtifactTypeSchema;
}

export interface Definitions {
  parameters?: Record<string, ParameterDefinition>;
  artifacts?: Record<string, ArtifactDefinition>;
}

export type InputParameterSpec =
  | { componentInputParameter: string }
  | { taskOutputParameter: { producerTask: string; outputParameterKey: string } }
  | { runtimeValue: { constant: JsonValue } };

export type InputArtifactSpec =
  | { componentInputArtifact: string }
  | { taskOutputArtifact: { producerTask: string; outputArtifactKey: string } };

export interface RetryPolicySpec {
  maxRetryCount: number;
  backoffDuration: string;
  backoffFactor: number;
  backoffMaxDuration: string;
}

export interface TaskSpec {
  taskInfo: { name: string };
  componentRef: { name: string };
  inputs?: { parameters?: Record<string, InputParameterSpec>; artifacts?: Record<string, InputArtifactSpec> };
  dependentTasks?: string[];
  cachingOptions?: { enableCache?: true };
  triggerPolicy?: { condition: string };
  retryPolicy?: RetryPolicySpec;
}

export interface ComponentSpec {
  inputDefinitions?: Definitions;
  outputDefinitions?: Definitions;
  executorLabel?: string;
  dag?: { tasks: Record<string, TaskSpec> };
}

export interface ResourceSpec {
  cpuLimit?: number;
  memoryLimit?: number;
  resourceCpuLimit: string;
  resourceMemoryLimit: string;
}

export interface ContainerSpec {
  image: string;
  command?: string[];
  args?: string[];
  env?: { name: string; value: string }[];
  resources?: ResourceSpec;
}

export interface ImporterSpec {
  artifactUri: { constant: string } | { runtimeParameter: string };
  typeSchema: ArtifactTypeSchema;
}

export type ExecutorSpec = { container: ContainerSpec } | { importer: ImporterSpec };

export interface PipelineSpec {
  pipelineInfo: { name: string; displayName?: string; description?: string };
  components: Record<string, ComponentSpec>;
  deploymentSpec: { executors: Record<string, ExecutorSpec> };
  root: ComponentSpec & { dag: { tasks: Record<string, TaskSpec> } };
  defaultPipelineRoot: string;
  schemaVersion: '2.1.0';
  sdkVersion: string;
}

export function artifactType(schemaTitle: KfpSchemaTitle): ArtifactTypeSchema {
  return { schemaTitle, schemaVersion: '0.0.1' };
}

/** Placeholders the KFP launcher replaces in a container's command and args. */
export const placeholder = {
  inputPath: (name: string) => `{{$.inputs.artifacts['${name}'].path}}`,
  inputUri: (name: string) => `{{$.inputs.artifacts['${name}'].uri}}`,
  outputPath: (name: string) => `{{$.outputs.artifacts['${name}'].path}}`,
  outputUri: (name: string) => `{{$.outputs.artifacts['${name}'].uri}}`,
  parameter: (name: string) => `{{$.inputs.parameters['${name}']}}`,
  outputParameterFile: (name: string) => `{{$.outputs.parameters['${name}'].output_file}}`,
};
