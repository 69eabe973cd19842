import { join } from 'node:path';
import { godwitHome } from '../core/home.js';
import { EndpointLogSource } from './endpoint-log-source.js';
import { JobLogSource, type JobLookup } from './job-log-source.js';
import { LogReader } from './log-reader.js';

/**
 * The log reader over a home: its jobs (through the jobs capability's catalog, `metadata.jobs`)
 * and its endpoints' instance logs. No I/O until it is asked something.
 */
export function logReaderFor(homeRoot: string, metadata: { readonly jobs?: JobLookup }): LogReader {
  const jobs = metadata.jobs;
  const runsDir = godwitHome(homeRoot).runsDir;
  const jobSources = jobs
    ? (['training', 'processing', 'transform'] as const).map((kind) => new JobLogSource(kind, jobs, runsDir))
    : [];
  return new LogReader([...jobSources, new EndpointLogSource(join(homeRoot, 'endpoints'))]);
}
