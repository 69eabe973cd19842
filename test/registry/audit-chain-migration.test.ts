import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { systemClock } from '../../src/core/clock.js';
import { godwitHome } from '../../src/core/home.js';
import { migrate } from '../../src/db/migrations.js';
import { openDatabase } from '../../src/db/open-database.js';
import { openMetadata } from '../../src/meta/index.js';
import { REGISTRY_SCHEMA } from '../../src/registry/registry-schema.js';
import { POSTGRES_SKIP, testDatabase } from '../helpers/postgres.js';
import { scratchDir } from '../helpers/scratch.js';

// A database written by the registry before governance (its migrations 1-3), then opened by this
// Godwit: the old audit rows are chained, who registered each version is read from its first
// row, and from then on the log is append-only.
for (const backend of ['sqlite', 'postgres'] as const) {
  describe(`registry migrations 4-6 on a database with history (${backend})`, {
    skip: backend === 'postgres' && POSTGRES_SKIP,
  }, () => {
    test('chains the rows written before the chain, fills createdBy, then refuses changes', async () => {
      const home = godwitHome(join(scratchDir('godwit-audit-migration-'), 'home'));
      const where = backend === 'postgres' ? { url: await testDatabase() } : { file: home.metadataFile };
      const old = await openDatabase(where);
      await migrate(old, [{ capability: 'registry', migrations: REGISTRY_SCHEMA.migrations.slice(0, 3) }], 'old');
      const at = '2026-01-01T00:00:00.000Z';
      await old.run('INSERT INTO model_package_groups (name, created_at) VALUES (?, ?)', ['Legacy', at]);
      for (const v of [1, 2]) {
        await old.run(
          'INSERT INTO model_packages (group_name, version, model_uri, approval_status, created_at) VALUES (?, ?, ?, ?, ?)',
          ['Legacy', v, `file:///m/${v}/`, v === 1 ? 'Approved' : 'PendingManualApproval', at],
        );
      }
      const audit =
        'INSERT INTO model_package_audit (group_name, version, at, from_status, to_status, actor, note) VALUES (?, ?, ?, ?, ?, ?, ?)';
      await old.run(audit, ['Legacy', 1, at, null, 'PendingManualApproval', 'ana', 'registered']);
      await old.run(audit, ['Legacy', 2, at, null, 'PendingManualApproval', 'bo', 'registered']);
      await old.run(audit, ['Legacy', 1, at, 'PendingManualApproval', 'Approved', 'cy', 'fine']);
      await old.close();

      const metadata = await openMetadata(home, systemClock, 'url' in where ? { url: where.url } : {});
      const raw = await openDatabase(where);
      try {
        const registry = metadata.registry;
        assert.deepEqual(await registry.verifyAudit('Legacy'), { rows: 3, groups: 1 });
        assert.deepEqual(
          (await registry.auditLog('Legacy')).map((e) => [e.version, e.kind, e.actor]),
          [
            [1, 'registered', 'ana'],
            [2, 'registered', 'bo'],
            [1, 'status', 'cy'],
          ],
        );
        assert.deepEqual(
          (await registry.listVersions('Legacy')).map((v) => v.createdBy),
          ['ana', 'bo'],
        );
        await registry.setApprovalStatus('Legacy', 2, 'Approved', 'dee');
        assert.deepEqual(await registry.verifyAudit(), { rows: 4, groups: 1 });
        await assert.rejects(raw.run("UPDATE model_package_audit SET note = 'x'"), /append-only/);
        await assert.rejects(raw.run('DELETE FROM model_package_audit'), /append-only/);
        if (backend === 'postgres') await assert.rejects(raw.exec('TRUNCATE model_package_audit'), /append-only/);
      } finally {
        await raw.close();
        await metadata.close();
      }
    });
  });
}
