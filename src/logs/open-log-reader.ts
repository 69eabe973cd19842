import { join } from 'node:path';
import type { MetadataStore } from '../meta/metadata-store.js';
import { EndpointLogSource } from './endpoint-log-source.js';
import { JobLogSource, type JobLookup } from './job-log-source.js';
import { LogReader } from './log-reader.js';

/**
 * The log reader over a home: its jobs (through the jobs capability's catalog, `metadata.jobs`)
 * and its endpoints' instance logs. No I/O until it is asked something.
 */
export function logReaderFor(
  homeRoot: string,
  metadata: { readonly store: Pick<MetadataStore, 'listAttempts'>; readonly jobs?: JobLookup },
): LogReader {
  const jobs = metadata.jobs;
  const jobSources = jobs
    ? (['training', 'processing', 'transform'] as const).map((kind) => new JobLogSource(kind, jobs, metadata.store))
    : [];
  return new LogReader([...jobSources, new EndpointLogSource(join(homeRoot, 'endpoints'))]);
}
