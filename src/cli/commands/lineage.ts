import { GodwitError } from '../../core/errors.js';
import { resolveLineageTarget } from '../../lineage/lineage-target.js';
import { renderDot, renderMermaid } from '../../lineage/render/lineage-diagram.js';
import { lineageGraph, mergedWalks } from '../../lineage/render/lineage-graph.js';
import { renderTree } from '../../lineage/render/lineage-tree.js';
import { EXIT, json, UsageError, write } from '../cli-io.js';
import { withMetadata } from '../open-home.js';
import type { Handler } from '../spec/command-spec.js';
import type { lineageOptions } from '../spec/lineage-specs.js';

/** `godwit lineage TARGET`: resolves TARGET, walks QueryLineage from it and draws the answer. */
export const lineage: Handler<typeof lineageOptions> = {
  run: ({ values, positionals: [target], io }) => {
    if (values.upstream && values.downstream) {
      throw new UsageError('--upstream and --downstream together are the default (both); give one or neither.');
    }
    const depth = values.depth === undefined ? 10 : Number(values.depth);
    if (!Number.isInteger(depth) || depth < 1 || depth > 10) {
      throw new GodwitError('E_LINEAGE_INPUT', `--depth ${values.depth} is not a whole number from 1 to 10.`, {
        hint: 'SageMaker lineage queries follow at most 10 associations: --depth 3.',
      });
    }
    const format = values.json ? 'json' : (values.format ?? 'tree');
    return withMetadata(io, async (metadata) => {
      const found = await resolveLineageTarget(metadata.lineage, target, io.cwd);
      const graph = await lineageGraph(metadata.lineage, found.entities, {
        direction: values.upstream ? 'Ascendants' : values.downstream ? 'Descendants' : 'Both',
        depth,
        types: values.type,
      });
      if (format === 'json') {
        const { vertices, edges } = mergedWalks(graph);
        json(io, {
          target,
          form: found.form,
          starts: graph.starts,
          vertices,
          edges,
          entities: Object.fromEntries(graph.entities),
        });
      } else if (format === 'mermaid') write(io.stdout, renderMermaid(graph));
      else if (format === 'dot') write(io.stdout, renderDot(graph));
      else write(io.stdout, renderTree(graph));
      return EXIT.ok;
    });
  },
};
