import { listRunSummaries, loadRunReport, readStepLog } from '../../runs/index.js';
import type { PathRoute } from '../http/path-router.js';
import { integerParam, type RestHandler, rawReply } from './rest-api.js';

/**
 * Runs, read through the application layer (src/runs), the same calls as `godwit runs`:
 * - `GET /api/v1/runs?limit=N&pipeline=P` → `{ runs: RunSummary[] }`, newest first;
 * - `GET /api/v1/runs/{id}` → the RunReport of `godwit runs show --json`;
 * - `GET /api/v1/runs/{id}/steps/{step}/logs?attempt=N` → the log as `text/plain`.
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
];
