import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { systemClock } from '../../src/core/clock.js';
import { godwitHome } from '../../src/core/home.js';
import { openMetadata } from '../../src/meta/index.js';
import { SUMMARY_COLUMNS } from '../../src/meta/meta-rows.js';
import { scratchDir } from '../helpers/scratch.js';

test('the newest runs are read through an index, not by sorting every run (whose row holds its IR)', async () => {
  const home = godwitHome(join(scratchDir('godwit-plan-'), 'home'));
  await (await openMetadata(home, systemClock, {})).close();
  const db = new Database(home.metadataFile, { readonly: true });
  try {
    const plan = (where: string) =>
      (
        db
          .prepare(`EXPLAIN QUERY PLAN SELECT ${SUMMARY_COLUMNS} FROM runs ${where} ORDER BY started_at DESC, id DESC LIMIT 50`)
          .all() as { detail: string }[]
      )
        .map((p) => p.detail)
        .join('; ');
    assert.match(plan(''), /USING INDEX runs_started/);
    assert.doesNotMatch(plan(''), /TEMP B-TREE/);
    assert.match(plan("WHERE pipeline = 'p'"), /USING INDEX runs_pipeline_started/);
    assert.doesNotMatch(plan("WHERE pipeline = 'p'"), /TEMP B-TREE/);
  } finally {
    db.close();
  }
});
