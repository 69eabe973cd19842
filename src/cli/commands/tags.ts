/** `godwit tags …` (also `tag`): LF-tags through the governance catalog. */
import { GodwitError } from '../../core/errors.js';
import type { TagTarget } from '../../governance/catalog/catalog-store.js';
import { EXIT, json, write } from '../cli-io.js';
import { table } from '../format.js';
import { withMetadata } from '../open-home.js';
import type { tagAssignOptions, tagCreateOptions, tagListOptions, tagShowOptions } from '../spec/catalog-specs.js';
import type { Handler } from '../spec/command-spec.js';

function targetOf(text: string): TagTarget {
  const [database, table, column, ...rest] = text.split('.');
  if (!database || rest.length > 0 || [table, column].some((p) => p === '')) {
    throw new GodwitError('E_CATALOG_INPUT', `"${text}" is not DB, DB.TABLE or DB.TABLE.COLUMN.`, {
      hint: 'For example churn.customers.email.',
    });
  }
  return { database, table, column };
}

const pairsText = (pairs: readonly { TagKey: string; TagValues: readonly string[] }[] | undefined) =>
  (pairs ?? []).map((p) => `${p.TagKey}=${p.TagValues.join('|')}`).join(', ') || '-';

export const tagCreate: Handler<typeof tagCreateOptions> = {
  run: ({ values, positionals: [key], io }) =>
    withMetadata(io, async (m) => {
      const created = await m.catalog.createTag(
        key,
        (values.values as string)
          .split(',')
          .map((v) => v.trim())
          .filter(Boolean),
      );
      if (values.json) json(io, created);
      else write(io.stdout, `Created LF-tag ${created.TagKey} with values ${created.TagValues.join(', ')}.`);
      return EXIT.ok;
    }),
};

export const tagList: Handler<typeof tagListOptions> = {
  run: ({ values, io }) =>
    withMetadata(io, async (m) => {
      const tags = await m.catalog.listTags();
      if (values.json) json(io, tags);
      else if (tags.length === 0) write(io.stdout, 'No LF-tags: godwit tags create KEY --values A,B.');
      else
        write(
          io.stdout,
          table(
            ['KEY', 'VALUES'],
            tags.map((t) => [t.TagKey, t.TagValues.join(', ')]),
          ),
        );
      return EXIT.ok;
    }),
};

export const tagAssign: Handler<typeof tagAssignOptions> = {
  run: ({ values, positionals: [target, ...assignments], io }) =>
    withMetadata(io, async (m) => {
      const tags = assignments.map((a) => {
        const [key, value, ...extra] = a.split('=');
        if (!key || !value || extra.length > 0) {
          throw new GodwitError('E_CATALOG_INPUT', `"${a}" is not KEY=VALUE.`, {
            hint: 'godwit tags assign churn.customers domain=sales',
          });
        }
        return { TagKey: key, TagValues: [value] };
      });
      const to = targetOf(target);
      await m.catalog.assignTags(to, tags);
      if (values.json) json(io, { target: to, tags });
      else write(io.stdout, `Assigned ${pairsText(tags)} to ${target}.`);
      return EXIT.ok;
    }),
};

export const tagShow: Handler<typeof tagShowOptions> = {
  run: ({ values, positionals: [target], io }) =>
    withMetadata(io, async (m) => {
      const tags = await m.catalog.resourceTags(targetOf(target));
      if (values.json) json(io, tags);
      else {
        write(io.stdout, `Database: ${pairsText(tags.database)}`);
        if (tags.table) write(io.stdout, `Table:    ${pairsText(tags.table)}`);
        if (tags.columns?.length)
          write(
            io.stdout,
            table(
              ['COLUMN', 'LF-TAGS (own)'],
              tags.columns.map((c) => [c.name, pairsText(c.tags)]),
            ),
          );
      }
      return EXIT.ok;
    }),
};
