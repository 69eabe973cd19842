import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { JobLookup } from '../../src/logs/job-log-source.js';
import { logReaderFor } from '../../src/logs/open-log-reader.js';
import { pipeline, processing } from '../../src/pipeline/dsl/index.js';
import { harness } from '../helpers/harness.js';

// FilterLogEvents over N job streams used to read the catalog ~3N times (each stream's summary,
// then each stream again, then its attempts); every call of the reader now makes one query.
test('the log reader queries the jobs catalog once per call, however many streams it reads', async () => {
  const h = await harness();
  try {
    const step = processing('train', { command: ['sh', '-c', 'echo hello'] });
    const catalog = h.services.metadata.jobs;
    for (const name of ['q-1', 'q-2', 'q-3']) {
      const { runId } = await h.run(pipeline(name, { steps: [step] }));
      await catalog.create({ kind: 'training', name, request: {}, tags: [] });
      await catalog.update('training', name, { runId, startedAt: new Date(), status: 'Completed' });
    }
    let queries = 0;
    const jobs: JobLookup = {
      get: (...a) => {
        queries++;
        return catalog.get(...a);
      },
      list: (...a) => {
        queries++;
        return catalog.list(...a);
      },
    };
    const reader = logReaderFor(h.home.root, { jobs });
    const group = '/aws/sagemaker/TrainingJobs';

    const found = await reader.filter(group, { filterPattern: '-echo' });
    assert.deepEqual(found.map((e) => [e.stream.split('/')[0], e.message]).sort(), [
      ['q-1', 'hello'],
      ['q-2', 'hello'],
      ['q-3', 'hello'],
    ]);
    assert.equal(queries, 1);

    queries = 0;
    const streams = await reader.streams(group);
    assert.equal(streams.length, 3);
    assert.equal(queries, 1);

    queries = 0;
    const events = await reader.events(group, streams[0].name);
    assert.deepEqual(
      events.map((e) => e.message),
      ['$ sh -c echo hello', 'hello'],
    );
    assert.equal(queries, 1);
  } finally {
    await h.close();
  }
});
