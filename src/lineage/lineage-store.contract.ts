/**
 * The contract the lineage store passes on every database: one node:test suite per backend, run
 * against a real one (a SQLite file, a real PostgreSQL server). `open` returns the opened
 * metadata on a fresh, empty database; the suite closes it. Each test names its own entities
 * (a random prefix), so tests never see each other's graphs.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { Metadata } from '../meta/index.js';
import { artifactArn, lineageArn } from './lineage-names.js';
import type { LineageEntityInput, LineageKind, LineageQueryResult, LineageStore } from './lineage-records.js';

const unique = (prefix: string) => `${prefix}-${randomBytes(4).toString('hex')}`;
const code = (expected: string) => (err: unknown) => {
  assert.equal((err as { code?: string }).code, expected, String(err));
  return true;
};
const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 0, minute));

function entity(kind: LineageKind, name: string, type: string, more: Partial<LineageEntityInput> = {}): LineageEntityInput {
  return { arn: kind === 'Artifact' ? artifactArn(name) : lineageArn(kind, name), kind, name, type, ...more };
}

/**
 * A small graph, edges downstream:
 *   data ─ContributedTo→ train ─Produced→ model ─ContributedTo→ package ─ContributedTo→ approval
 *   image ─ContributedTo→ train ─AssociatedWith→ run
 *   data ─ContributedTo→ prep ─Produced→ features
 */
async function smallGraph(lineage: LineageStore) {
  const p = unique('g');
  const e = {
    data: entity('Artifact', `${p}-data`, 'DataSet', { sourceUri: `s3://b/${p}/data.csv`, digest: `sha256:${'a'.repeat(64)}` }),
    image: entity('Artifact', `${p}-image`, 'Image', { createdAt: at(1) }),
    train: entity('Action', `${p}-train`, 'training', { status: 'Completed', properties: { attempts: '1' } }),
    prep: entity('Action', `${p}-prep`, 'processing', { status: 'Failed' }),
    model: entity('Artifact', `${p}-model`, 'Model', { createdAt: at(5) }),
    features: entity('Artifact', `${p}-features`, 'DataSet'),
    package: entity('Artifact', `${p}-package`, 'ModelPackage'),
    approval: entity('Action', `${p}-approval`, 'Approval', { status: 'Approved' }),
    run: entity('Context', `${p}-run`, 'PipelineExecution'),
  };
  const edge = (s: LineageEntityInput, d: LineageEntityInput, type: 'ContributedTo' | 'Produced' | 'AssociatedWith') => ({
    sourceArn: s.arn,
    destinationArn: d.arn,
    type,
  });
  await lineage.record({
    entities: Object.values(e),
    associations: [
      edge(e.data, e.train, 'ContributedTo'),
      edge(e.image, e.train, 'ContributedTo'),
      edge(e.train, e.model, 'Produced'),
      edge(e.model, e.package, 'ContributedTo'),
      edge(e.package, e.approval, 'ContributedTo'),
      edge(e.train, e.run, 'AssociatedWith'),
      edge(e.data, e.prep, 'ContributedTo'),
      edge(e.prep, e.features, 'Produced'),
    ],
  });
  const name = new Map(Object.entries(e).map(([key, value]) => [value.arn, key]));
  const names = (r: LineageQueryResult) => r.vertices.map((v) => `${name.get(v.arn)}@${v.depth}`).sort();
  const edges = (r: LineageQueryResult) => r.edges.map((x) => `${name.get(x.sourceArn)}>${name.get(x.destinationArn)}`).sort();
  return { e, names, edges };
}

export function lineageStoreContract(name: string, open: () => Promise<Metadata>, options: { skip?: string } = {}): void {
  describe(`LineageStore contract: ${name}`, { skip: options.skip }, () => {
    let metadata: Metadata;
    let lineage: LineageStore;
    before(async () => {
      metadata = await open();
      lineage = metadata.lineage;
    });
    after(() => metadata?.close());

    test('record is idempotent: properties merge, createdAt stays, an association is kept as first recorded', async () => {
      const p = unique('r');
      const a = entity('Action', `${p}-step`, 'training', {
        status: 'InProgress',
        properties: { attempts: '1', cacheKey: 'k' },
        createdAt: at(1),
      });
      const d = entity('Artifact', `${p}-data`, 'DataSet', { sourceUri: `file:///${p}/d`, createdAt: at(1) });
      await lineage.record({
        entities: [a, d],
        associations: [{ sourceArn: d.arn, destinationArn: a.arn, type: 'ContributedTo' }],
      });
      await lineage.record({
        entities: [{ ...a, status: 'Completed', properties: { attempts: '2' }, createdAt: at(9), modifiedAt: at(10) }],
        associations: [{ sourceArn: d.arn, destinationArn: a.arn, type: 'DerivedFrom' }],
      });
      const got = await lineage.get(a.arn);
      assert.deepEqual(
        [got?.status, got?.properties, got?.createdAt, got?.modifiedAt, got?.createdBy],
        ['Completed', { attempts: '2', cacheKey: 'k' }, at(1), at(10), 'godwit'],
      );
      const { associations } = await lineage.listAssociations({ destinationArn: a.arn });
      assert.deepEqual(
        associations.map((x) => [x.sourceArn, x.type]),
        [[d.arn, 'ContributedTo']],
      );
      assert.deepEqual(associations[0].source, { kind: 'Artifact', type: 'DataSet', name: `${p}-data` });
      assert.deepEqual(associations[0].destination, { kind: 'Action', type: 'training', name: `${p}-step` });
    });

    test('concurrent writers of the same entities, in opposite orders, all commit and every property is merged', async () => {
      const p = unique('c');
      const shared = Array.from({ length: 40 }, (_, i) => entity('Artifact', `${p}-${String(i).padStart(2, '0')}`, 'DataSet'));
      const pairs = shared
        .slice(1)
        .map((e, i) => ({ sourceArn: shared[i].arn, destinationArn: e.arn, type: 'ContributedTo' as const }));
      // Six writers at once, half of them in reverse order: first all finding the entities new, then all updating them.
      const round = (name: string) =>
        Promise.all(
          Array.from({ length: 6 }, (_, w) => {
            const flip = <T>(xs: T[]) => (w % 2 === 0 ? xs : [...xs].reverse());
            return lineage.record({
              entities: flip(shared).map((e) => ({ ...e, status: `${name}${w}`, properties: { [`${name}${w}`]: String(w) } })),
              associations: flip(pairs),
            });
          }),
        );
      await round('first');
      await round('then');
      for (const e of [shared[0], shared[39]]) {
        const got = await lineage.get(e.arn);
        assert.deepEqual(
          Object.keys(got?.properties ?? {}).sort(),
          ['first', 'then'].flatMap((r) => [0, 1, 2, 3, 4, 5].map((w) => `${r}${w}`)),
        );
        assert.match(got?.status ?? '', /^then[0-5]$/);
      }
      const { associations } = await lineage.listAssociations({ sourceArn: shared[0].arn });
      assert.deepEqual(
        associations.map((a) => a.destinationArn),
        [shared[1].arn],
      );
    });

    test('get and find: by ARN, by SourceUri (every digest of it), by digest', async () => {
      const p = unique('f');
      const uri = `s3://bucket/${p}/train.csv`;
      const [one, two] = [`sha256:${'1'.repeat(64)}`, `sha256:${p}`];
      const v1 = {
        ...entity('Artifact', `${p}-1`, 'DataSet', { sourceUri: uri, digest: one, createdAt: at(1) }),
        arn: artifactArn(uri, one),
      };
      const v2 = {
        ...entity('Artifact', `${p}-2`, 'DataSet', { sourceUri: uri, digest: two, createdAt: at(2) }),
        arn: artifactArn(uri, two),
      };
      await lineage.record({ entities: [v2, v1], associations: [] });
      assert.equal(await lineage.get(artifactArn(`${uri}.missing`)), undefined);
      const got = await lineage.get(v1.arn);
      assert.deepEqual(
        [got?.kind, got?.name, got?.type, got?.sourceUri, got?.digest],
        ['Artifact', `${p}-1`, 'DataSet', uri, one],
      );
      assert.deepEqual(
        (await lineage.find({ sourceUri: uri })).map((x) => x.digest),
        [one, two],
      );
      assert.deepEqual(
        (await lineage.find({ digest: two })).map((x) => x.arn),
        [v2.arn],
      );
      assert.deepEqual(
        (await lineage.find({ sourceUri: uri, digest: one })).map((x) => x.arn),
        [v1.arn],
      );
      assert.deepEqual(await lineage.find({}), []);
    });

    test('list: kind, type, SourceUri and date filters, both sorts, paging tokens', async () => {
      const type = unique('T');
      const made = [3, 1, 4, 2, 5].map((minute) =>
        entity('Context', `${type}-${'abcde'[minute - 1]}`, type, {
          sourceUri: minute % 2 ? 'file:///odd' : 'file:///even',
          createdAt: at(minute),
        }),
      );
      await lineage.record({ entities: [...made, entity('Action', `${type}-x`, type)], associations: [] });
      const names = (r: { entities: { name: string }[] }) => r.entities.map((x) => x.name.slice(-1));
      assert.deepEqual(names(await lineage.list({ kind: 'Context', type })), ['e', 'd', 'c', 'b', 'a'], 'newest first');
      assert.deepEqual(names(await lineage.list({ kind: 'Context', type, sortOrder: 'Ascending' })), ['a', 'b', 'c', 'd', 'e']);
      assert.deepEqual(names(await lineage.list({ kind: 'Context', type, sortBy: 'Name', sortOrder: 'Descending' })), [
        'e',
        'd',
        'c',
        'b',
        'a',
      ]);
      assert.deepEqual(names(await lineage.list({ kind: 'Action', type })), ['x']);
      assert.deepEqual(names(await lineage.list({ kind: 'Context', type, sourceUri: 'file:///even', sortOrder: 'Ascending' })), [
        'b',
        'd',
      ]);
      assert.deepEqual(
        names(await lineage.list({ kind: 'Context', type, createdAfter: at(1), createdBefore: at(4), sortOrder: 'Ascending' })),
        ['b', 'c'],
      );
      const seen: string[] = [];
      let nextToken: string | undefined;
      let pages = 0;
      do {
        const page = await lineage.list({ kind: 'Context', type, sortOrder: 'Ascending', maxResults: 2, nextToken });
        assert.ok(page.entities.length <= 2);
        seen.push(...names(page));
        nextToken = page.nextToken;
        pages++;
      } while (nextToken);
      assert.deepEqual([seen, pages], [['a', 'b', 'c', 'd', 'e'], 3]);
      await assert.rejects(lineage.list({ kind: 'Context', maxResults: 0 }), code('E_LINEAGE_INPUT'));
      await assert.rejects(lineage.list({ kind: 'Context', maxResults: 101 }), code('E_LINEAGE_INPUT'));
      await assert.rejects(lineage.list({ kind: 'Context', nextToken: 'not-a-token' }), code('E_LINEAGE_INPUT'));
    });

    test('listAssociations: ends, end types, association type and date filters, sorts, paging', async () => {
      const p = unique('a');
      const hub = entity('Action', `${p}-hub`, `${p}-Hub`);
      const ins = [1, 2, 3].map((i) => entity('Artifact', `${p}-in${i}`, i === 3 ? `${p}-Image` : `${p}-Data`));
      const out = entity('Artifact', `${p}-out`, `${p}-Model`);
      await lineage.record({
        entities: [hub, ...ins, out],
        associations: [
          ...ins.map((x, i) => ({
            sourceArn: x.arn,
            destinationArn: hub.arn,
            type: 'ContributedTo' as const,
            createdAt: at(i + 1),
          })),
          { sourceArn: hub.arn, destinationArn: out.arn, type: 'Produced', createdAt: at(10) },
        ],
      });
      const ends = (r: { associations: { sourceArn: string; destinationArn: string }[] }) =>
        r.associations.map((x) => `${x.sourceArn.slice(-3)}>${x.destinationArn.slice(-3)}`);
      const short = (x: LineageEntityInput) => x.arn.slice(-3);
      assert.deepEqual(
        ends(await lineage.listAssociations({ destinationArn: hub.arn })),
        ins.map((x) => `${short(x)}>${short(hub)}`).reverse(),
      );
      assert.deepEqual(ends(await lineage.listAssociations({ sourceArn: hub.arn })), [`${short(hub)}>${short(out)}`]);
      assert.deepEqual(ends(await lineage.listAssociations({ sourceType: `${p}-Image` })), [`${short(ins[2])}>${short(hub)}`]);
      assert.deepEqual(ends(await lineage.listAssociations({ destinationType: `${p}-Model` })), [`${short(hub)}>${short(out)}`]);
      assert.deepEqual(ends(await lineage.listAssociations({ sourceArn: hub.arn, type: 'ContributedTo' })), []);
      assert.deepEqual(
        ends(await lineage.listAssociations({ destinationArn: hub.arn, createdAfter: at(1), createdBefore: at(3) })),
        [`${short(ins[1])}>${short(hub)}`],
      );
      assert.deepEqual(
        ends(await lineage.listAssociations({ destinationArn: hub.arn, sortBy: 'CreationTime', sortOrder: 'Ascending' })),
        ins.map((x) => `${short(x)}>${short(hub)}`),
      );
      const bySource = await lineage.listAssociations({ destinationArn: hub.arn, sortBy: 'SourceArn', sortOrder: 'Ascending' });
      assert.deepEqual(
        bySource.associations.map((x) => x.sourceArn),
        ins.map((x) => x.arn).sort(),
      );
      const byType = await lineage.listAssociations({ destinationArn: hub.arn, sortBy: 'SourceType', sortOrder: 'Descending' });
      assert.equal(byType.associations[0].source?.type, `${p}-Image`);
      const first = await lineage.listAssociations({ destinationArn: hub.arn, maxResults: 2 });
      assert.equal(first.associations.length, 2);
      assert.ok(first.nextToken);
      const second = await lineage.listAssociations({ destinationArn: hub.arn, maxResults: 2, nextToken: first.nextToken });
      assert.deepEqual([second.associations.length, second.nextToken], [1, undefined]);
      assert.deepEqual(
        [...first.associations, ...second.associations].map((x) => x.sourceArn).sort(),
        ins.map((x) => x.arn).sort(),
      );
      await assert.rejects(lineage.listAssociations({ nextToken: 'bad' }), code('E_LINEAGE_INPUT'));
    });

    test('create, update and delete (which removes its associations)', async () => {
      const p = unique('c');
      const made = await lineage.create({
        ...entity('Context', `${p}-ctx`, 'Project'),
        description: 'mine',
        createdBy: 'alice',
        properties: { a: '1', b: '2' },
      });
      assert.deepEqual([made.description, made.createdBy, made.properties], ['mine', 'alice', { a: '1', b: '2' }]);
      assert.ok(made.createdAt instanceof Date);
      await assert.rejects(lineage.create(entity('Context', `${p}-ctx`, 'Project')), code('E_LINEAGE_EXISTS'));
      const updated = await lineage.update(made.arn, { status: 'Done', properties: { c: '3' }, removeProperties: ['a'] });
      assert.deepEqual(
        [updated.status, updated.properties, updated.description, updated.createdAt],
        ['Done', { b: '2', c: '3' }, 'mine', made.createdAt],
      );
      assert.ok(updated.modifiedAt >= made.modifiedAt);
      await assert.rejects(lineage.update(lineageArn('Context', `${p}-none`), { status: 'x' }), code('E_LINEAGE_NOT_FOUND'));

      const other = await lineage.create(entity('Artifact', `${p}-art`, 'DataSet'));
      await lineage.addAssociation({ sourceArn: other.arn, destinationArn: made.arn, type: 'ContributedTo' });
      await lineage.delete(made.arn);
      assert.equal(await lineage.get(made.arn), undefined);
      assert.deepEqual((await lineage.listAssociations({ sourceArn: other.arn })).associations, []);
      assert.ok(await lineage.get(other.arn), 'the other end stays');
      await assert.rejects(lineage.delete(made.arn), code('E_LINEAGE_NOT_FOUND'));
    });

    test('addAssociation and deleteAssociation refuse unknown ends, a pair already there and a missing pair', async () => {
      const p = unique('x');
      const a = await lineage.create(entity('Artifact', `${p}-a`, 'DataSet'));
      const b = await lineage.create(entity('Action', `${p}-b`, 'training'));
      const missing = lineageArn('Action', `${p}-missing`);
      await assert.rejects(
        lineage.addAssociation({ sourceArn: a.arn, destinationArn: missing, type: 'ContributedTo' }),
        (err) => {
          code('E_LINEAGE_NOT_FOUND')(err);
          assert.match(String(err), new RegExp(missing));
          return true;
        },
      );
      await assert.rejects(
        lineage.addAssociation({ sourceArn: missing, destinationArn: b.arn, type: 'ContributedTo' }),
        code('E_LINEAGE_NOT_FOUND'),
      );
      const added = await lineage.addAssociation({ sourceArn: a.arn, destinationArn: b.arn, type: 'ContributedTo' });
      assert.deepEqual([added.sourceArn, added.destinationArn, added.type], [a.arn, b.arn, 'ContributedTo']);
      await assert.rejects(
        lineage.addAssociation({ sourceArn: a.arn, destinationArn: b.arn, type: 'DerivedFrom' }),
        code('E_LINEAGE_EXISTS'),
      );
      await lineage.deleteAssociation(a.arn, b.arn);
      await assert.rejects(lineage.deleteAssociation(a.arn, b.arn), code('E_LINEAGE_NOT_FOUND'));
      assert.deepEqual((await lineage.listAssociations({ sourceArn: a.arn })).associations, []);
    });

    test('query: Ascendants, Descendants, and Both as two separate walks (no zig-zag)', async () => {
      const { e, names, edges } = await smallGraph(lineage);
      const up = await lineage.query({ startArns: [e.model.arn], direction: 'Ascendants' });
      assert.deepEqual(names(up), ['data@2', 'image@2', 'train@1']);
      assert.deepEqual(edges(up), ['data>train', 'image>train', 'train>model']);
      const down = await lineage.query({ startArns: [e.model.arn], direction: 'Descendants' });
      assert.deepEqual(names(down), ['approval@2', 'package@1']);
      const both = await lineage.query({ startArns: [e.model.arn] });
      assert.deepEqual(
        names(both),
        ['approval@2', 'data@2', 'image@2', 'package@1', 'train@1'],
        'run, prep and features are zig-zags',
      );
      assert.deepEqual(edges(both), ['data>train', 'image>train', 'model>package', 'package>approval', 'train>model']);
      const fromData = await lineage.query({ startArns: [e.data.arn], direction: 'Descendants' });
      assert.deepEqual(names(fromData), ['approval@4', 'features@2', 'model@2', 'package@3', 'prep@1', 'run@2', 'train@1']);
      const kinds = new Map(fromData.vertices.map((v) => [v.arn, [v.kind, v.type]]));
      assert.deepEqual(kinds.get(e.run.arn), ['Context', 'PipelineExecution']);
      assert.deepEqual(kinds.get(e.train.arn), ['Action', 'training']);
    });

    test('query: depth limits, and several starts', async () => {
      const { e, names } = await smallGraph(lineage);
      assert.deepEqual(names(await lineage.query({ startArns: [e.data.arn], direction: 'Descendants', maxDepth: 1 })), [
        'prep@1',
        'train@1',
      ]);
      assert.deepEqual(names(await lineage.query({ startArns: [e.data.arn], direction: 'Descendants', maxDepth: 2 })), [
        'features@2',
        'model@2',
        'prep@1',
        'run@2',
        'train@1',
      ]);
      assert.deepEqual(names(await lineage.query({ startArns: [e.data.arn], maxDepth: 0 })), []);
      const two = await lineage.query({ startArns: [e.image.arn, e.prep.arn], direction: 'Descendants', maxDepth: 1 });
      assert.deepEqual(names(two), ['features@1', 'train@1']);
      const starts = await lineage.query({ startArns: [e.train.arn, e.model.arn], direction: 'Descendants', maxDepth: 1 });
      assert.deepEqual(names(starts), ['package@1', 'run@1'], 'a start is never a vertex, even when another start reaches it');
    });

    test('query: filters on types, kinds, dates and properties keep walking through what they leave out', async () => {
      const { e, names } = await smallGraph(lineage);
      const q = (filters: object) => lineage.query({ startArns: [e.data.arn], direction: 'Descendants', filters });
      assert.deepEqual(names(await q({ types: ['ModelPackage', 'Approval'] })), ['approval@4', 'package@3']);
      assert.deepEqual(names(await q({ kinds: ['Action'] })), ['approval@4', 'prep@1', 'train@1']);
      assert.deepEqual(names(await q({ kinds: ['Context', 'Action'], types: ['PipelineExecution'] })), ['run@2']);
      assert.deepEqual(names(await q({ properties: { attempts: '1' } })), ['train@1']);
      assert.deepEqual(names(await q({ properties: { attempts: '2' } })), []);
      assert.deepEqual(names(await q({ types: ['Model'], createdBefore: at(6), createdAfter: at(4) })), ['model@2']);
      assert.deepEqual(names(await q({ types: ['Model'], createdAfter: at(5) })), []);
      const model = await lineage.get(e.model.arn);
      assert.ok(model);
      assert.deepEqual(names(await q({ types: ['Model'], modifiedAfter: new Date(model.modifiedAt.getTime() - 1) })), [
        'model@2',
      ]);
      assert.deepEqual(names(await q({ types: ['Model'], modifiedBefore: model.modifiedAt })), []);
    });

    test('query: includeEdges false, and paging that returns every vertex and every edge once', async () => {
      const { e, edges } = await smallGraph(lineage);
      const all = await lineage.query({ startArns: [e.data.arn], direction: 'Descendants' });
      assert.equal(all.nextToken, undefined);
      const bare = await lineage.query({ startArns: [e.data.arn], direction: 'Descendants', includeEdges: false });
      assert.deepEqual([bare.vertices, bare.edges], [all.vertices, []]);
      const vertices: string[] = [];
      const pagedEdges: string[] = [];
      let nextToken: string | undefined;
      do {
        const page = await lineage.query({ startArns: [e.data.arn], direction: 'Descendants', maxResults: 2, nextToken });
        assert.ok(page.vertices.length <= 2);
        vertices.push(...page.vertices.map((v) => v.arn));
        pagedEdges.push(...edges(page));
        nextToken = page.nextToken;
      } while (nextToken);
      assert.deepEqual(
        vertices,
        all.vertices.map((v) => v.arn),
        'nearest first, in the same order',
      );
      assert.deepEqual(pagedEdges.sort(), edges(all));
      assert.equal(edges(all).length, 7);
    });

    test('query: unknown starts, bad MaxDepth, MaxResults and NextToken are coded errors', async () => {
      const { e } = await smallGraph(lineage);
      const missing = artifactArn(`file:///${unique('missing')}`);
      await assert.rejects(lineage.query({ startArns: [e.data.arn, missing] }), (err) => {
        code('E_LINEAGE_NOT_FOUND')(err);
        assert.match(String(err), new RegExp(missing));
        return true;
      });
      await assert.rejects(lineage.query({ startArns: [] }), code('E_LINEAGE_INPUT'));
      for (const maxDepth of [-1, 11, 1.5])
        await assert.rejects(lineage.query({ startArns: [e.data.arn], maxDepth }), code('E_LINEAGE_INPUT'));
      for (const maxResults of [0, 101, 2.5])
        await assert.rejects(lineage.query({ startArns: [e.data.arn], maxResults }), code('E_LINEAGE_INPUT'));
      for (const nextToken of ['nope', '', Buffer.from('lineage:-3').toString('base64url')]) {
        await assert.rejects(lineage.query({ startArns: [e.data.arn], nextToken }), code('E_LINEAGE_INPUT'), nextToken);
      }
    });

    test('query: cycles (SameAs both ways) end', async () => {
      const p = unique('s');
      const [x, y, z] = ['x', 'y', 'z'].map((n) => entity('Artifact', `${p}-${n}`, 'Model'));
      await lineage.record({
        entities: [x, y, z],
        associations: [
          { sourceArn: x.arn, destinationArn: y.arn, type: 'SameAs' },
          { sourceArn: y.arn, destinationArn: x.arn, type: 'SameAs' },
          { sourceArn: y.arn, destinationArn: z.arn, type: 'SameAs' },
          { sourceArn: z.arn, destinationArn: x.arn, type: 'SameAs' },
        ],
      });
      for (const direction of ['Ascendants', 'Descendants', 'Both'] as const) {
        const r = await lineage.query({ startArns: [x.arn], direction });
        assert.deepEqual(r.vertices.map((v) => v.arn).sort(), [y.arn, z.arn].sort(), direction);
      }
      const down = await lineage.query({ startArns: [x.arn], direction: 'Descendants' });
      assert.deepEqual(
        down.vertices.map((v) => [v.arn, v.depth]),
        [
          [y.arn, 1],
          [z.arn, 2],
        ],
      );
      assert.equal(down.edges.length, 4);
    });
  });
}
