import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { GodwitError } from '../../core/errors.js';
import { cardDocument } from '../../registry/views/card-document.js';
import { fillCard } from '../../registry/views/card-fill.js';
import { cardHtml, cardMarkdown } from '../../registry/views/card-render.js';
import { loadVersionReport, parseVersionRef, requireVersion } from '../../registry/views/version-report.js';
import { EXIT, json, write } from '../cli-io.js';
import { table } from '../format.js';
import { withMetadata } from '../open-home.js';
import type { Handler } from '../spec/command-spec.js';
import type { modelsCardsOptions } from '../spec/models-specs.js';

/** `godwit models cards GROUP[/VERSION]`: a version's model card exported, or a group's cards listed. */
export const modelsCards: Handler<typeof modelsCardsOptions> = {
  run: ({ values, positionals: [ref], io }) => {
    const versioned = /\/\d+$/.test(ref);
    const target = versioned ? parseVersionRef(ref) : { group: ref, version: undefined };
    return withMetadata(io, async (metadata) => {
      if (target.version === undefined) {
        if (values.out || values.format) {
          throw new GodwitError('E_USAGE', `--out and --format export one card; "${ref}" names a whole group.`, {
            hint: `Name a version: godwit models cards ${ref}/1 --format ${values.format ?? 'markdown'}`,
          });
        }
        const versions = await metadata.registry.listVersions(target.group);
        if (versions.length === 0) await requireVersion(metadata, target.group, 1);
        const cards = versions.map((v) => ({
          version: v.version,
          approvalStatus: v.approvalStatus,
          cardStatus: v.modelCard?.status,
          riskRating: v.modelCard?.content.intended_uses?.risk_rating,
          description: v.modelCard?.content.model_overview?.model_description ?? v.description,
        }));
        if (values.json) json(io, { group: target.group, cards });
        else {
          const rows = cards.map((c) => [
            String(c.version),
            c.cardStatus ?? '(no card)',
            c.riskRating ?? '-',
            c.approvalStatus,
            c.description ?? '',
          ]);
          write(io.stdout, table(['VERSION', 'CARD', 'RISK', 'APPROVAL', 'DESCRIPTION'], rows));
        }
        return EXIT.ok;
      }
      const filled = fillCard(await loadVersionReport(metadata, target.group, target.version));
      const doc = cardDocument(filled);
      const rendered = values.format === 'html' ? cardHtml(doc) : cardMarkdown(doc);
      if (values.out) {
        const path = resolve(io.cwd, values.out);
        await writeFile(path, rendered);
        if (!values.json) write(io.stdout, `Wrote the model card of ${filled.ref} to ${path}.`);
      }
      if (values.json) json(io, filled);
      else if (!values.out) io.stdout.write(rendered);
      return EXIT.ok;
    });
  },
};
