import { GodwitError } from '../../core/errors.js';
import { listRunSummaries, loadRunReport, readStepLog } from '../../runs/index.js';
import type { PathRoute } from '../http/path-router.js';
import { integerParam, jsonBody, type RestHandler, rawReply } from './rest-api.js';

/**
 * Runs, read through the application layer (src/runs), the same calls as `godwit runs`:
 * - `GET /api/v1/runs?limit=N&pipeline=P` → `{ runs: RunSummary[] }`, newest first;
 * - `GET /api/v1/runs/{id}` → the RunReport of `godwit runs show --json`;
 * - `GET /api/v1/runs/{id}/steps/{step}/logs?attempt=N` → the log as `text/plain`;
 * - `POST /api/v1/pipelines/{name}/runs` with `{"parameters": {"Name": "value"}, "displayName"?,
 *   "description"?}` → `{ runId, pipeline, startedBy }`: starts a pipeline the server holds
 *   (`CreatePipeline`), as `StartPipelineExecution` does, as the request's caller (a principal's
 *   run records its ARN and its sql steps read through its views).
 */
export const runRoutes: readonly PathRoute<RestHandler>[] = [
  {
    method: 'GET',
    pattern: '/api/v1/runs',
    handler: async (_p, req, { services }) => ({
      runs: await listRunSummaries(services.metadata.store, {
        limit: integerParam('limit', req.query.get('limit'), 50),
        pipeline: req.query.get('pipeline') ?? undefined,
      }),
    }),
  },
  {
    method: 'GET',
    pattern: '/api/v1/runs/:run',
    handler: async ({ run }, _req, { services }) => loadRunReport(services, run),
  },
  {
    method: 'GET',
    pattern: '/api/v1/runs/:run/steps/:step/logs',
    handler: async ({ run, step }, req, { services }) => {
      const attempt = integerParam('attempt', req.query.get('attempt'));
      const log = await readStepLog(services.metadata.store, services.home.root, run, step, attempt);
      const text = log.text ?? (log.missing ? `(log file ${log.logPath} is missing)\n` : '');
      return rawReply({
        status: 200,
        headers: { 'content-type': 'text/plain; charset=utf-8', 'x-godwit-attempt': String(log.attempt) },
        body: text,
      });
    },
  },
  {
    method: 'POST',
    pattern: '/api/v1/pipelines/:name/runs',
    handler: async ({ name }, req, { pipelines, services }) => {
      const { parameters, displayName, description } = await jsonBody(req);
      const caller = req.caller?.kind === 'principal' ? req.caller : undefined;
      const execution = await pipelines.start(name, {
        parameters: parametersOf(parameters),
        displayName: optionalText('displayName', displayName),
        description: optionalText('description', description),
        ...(caller && { caller }),
      });
      const run = await services.metadata.store.getRun(execution.runId);
      return { runId: execution.runId, pipeline: name, startedBy: run?.startedBy };
    },
  },
];

/** `{"Name": "value"}`: each a string, number or boolean, passed on as text as SageMaker's PipelineParameters are. */
function parametersOf(value: unknown): { name: string; value: string }[] {
  if (value === undefined) return [];
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new GodwitError('E_REQUEST_BODY', '"parameters" must be an object of names to values.', {
      hint: 'For example: {"parameters": {"InputValue": "hello"}}',
    });
  return Object.entries(value).map(([name, v]) => {
    if (!['string', 'number', 'boolean'].includes(typeof v))
      throw new GodwitError(
        'E_REQUEST_BODY',
        `Parameter "${name}" must be a string, number or boolean, not ${JSON.stringify(v)}.`,
      );
    return { name, value: String(v) };
  });
}

function optionalText(field: string, value: unknown): string | undefined {
  if (value === undefined || typeof value === 'string') return value;
  throw new GodwitError('E_REQUEST_BODY', `"${field}" must be a string.`);
}
