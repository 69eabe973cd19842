/**
 * Strict check of a compiled PipelineSpec against KFP's own proto (proto/kfp/pipeline_spec.proto):
 * the document must parse as `ml_pipelines.PipelineSpec` with unknown fields rejected and
 * re-serialise to exactly itself; its `deploymentSpec` (a Struct in the spec) must do the same as
 * `ml_pipelines.PipelineDeploymentConfig`. The descriptor set is built once with buf and cached
 * in the temp folder under a hash of the proto files.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import {
  createFileRegistry,
  type DescMessage,
  fromBinary,
  fromJson,
  type JsonValue,
  type Registry,
  toJson,
} from '@bufbuild/protobuf';
import { FileDescriptorSetSchema } from '@bufbuild/protobuf/wkt';

const REPO = new URL('../../../', import.meta.url).pathname;
const PROTO_DIR = join(REPO, 'proto', 'kfp');

function protoFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? protoFiles(join(dir, e.name)) : e.name.endsWith('.proto') ? [join(dir, e.name)] : [],
  );
}

function descriptorSet(): Uint8Array {
  const hash = createHash('sha256');
  for (const file of protoFiles(PROTO_DIR).sort()) hash.update(relative(PROTO_DIR, file)).update(readFileSync(file));
  const dir = join(tmpdir(), 'godwit-kfp-proto');
  const out = join(dir, `${hash.digest('hex').slice(0, 16)}.binpb`);
  if (!existsSync(out)) {
    mkdirSync(dir, { recursive: true });
    const partial = `${out}.${process.pid}`;
    execFileSync(join(REPO, 'node_modules', '.bin', 'buf'), ['build', PROTO_DIR, '-o', partial], { stdio: 'pipe' });
    renameSync(partial, out);
  }
  return readFileSync(out);
}

interface Schemas {
  readonly registry: Registry;
  readonly spec: DescMessage;
  readonly deployment: DescMessage;
}

let schemas: Schemas | undefined;

export function kfpSchemas(): Schemas {
  if (schemas) return schemas;
  const registry = createFileRegistry(fromBinary(FileDescriptorSetSchema, descriptorSet()));
  const spec = registry.getMessage('ml_pipelines.PipelineSpec');
  const deployment = registry.getMessage('ml_pipelines.PipelineDeploymentConfig');
  assert.ok(spec && deployment, 'the KFP proto defines PipelineSpec and PipelineDeploymentConfig');
  schemas = { registry, spec, deployment };
  return schemas;
}

/** Parses `json` as `schema` rejecting unknown fields, and asserts it serialises back to itself. */
function roundTrip(schema: DescMessage, json: unknown, registry: Registry, what: string): void {
  const message = fromJson(schema, json as JsonValue, { ignoreUnknownFields: false, registry });
  assert.deepStrictEqual(toJson(schema, message, { registry }), json, `${what} re-serialises to itself`);
}

/** Throws unless `doc` is a PipelineSpec the official proto accepts field for field. */
export function assertStrictPipelineSpec(doc: unknown): void {
  const { registry, spec, deployment } = kfpSchemas();
  roundTrip(spec, doc, registry, 'PipelineSpec');
  const deploymentSpec = (doc as { deploymentSpec?: unknown }).deploymentSpec;
  assert.ok(deploymentSpec, 'the spec has a deploymentSpec');
  roundTrip(deployment, deploymentSpec, registry, 'deploymentSpec');
}
