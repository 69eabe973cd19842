import { currentActor } from '../../core/actor.js';
import { type ApprovalRules, describeRules, parseThreshold } from '../../registry/approval-rules.js';
import { EXIT, json, UsageError, write } from '../cli-io.js';
import { withMetadata } from '../open-home.js';
import type { Handler } from '../spec/command-spec.js';
import type { modelsRulesOptions } from '../spec/models-specs.js';

/** `godwit models rules GROUP [--min M=V] [--max M=V] [--approvers N] [--not-author] [--clear]`. */
export const modelsRules: Handler<typeof modelsRulesOptions> = {
  run: ({ values, positionals: [group], io }) => {
    const setting = values.min?.length || values.max?.length || values.approvers !== undefined || values['not-author'];
    if (values.clear && setting)
      throw new UsageError('--clear removes the rules: give it alone, or give the new rules without it.');
    let rules: ApprovalRules | undefined;
    if (setting) {
      const approvers = values.approvers === undefined ? undefined : Number(values.approvers);
      if (approvers !== undefined && (!Number.isInteger(approvers) || approvers < 1)) {
        throw new UsageError(`--approvers takes a whole number (2 for two different approvers), not "${values.approvers}".`);
      }
      rules = {
        min: Object.fromEntries((values.min ?? []).map((t) => parseThreshold(t, '--min'))),
        max: Object.fromEntries((values.max ?? []).map((t) => parseThreshold(t, '--max'))),
        approvers,
        notAuthor: values['not-author'] || undefined,
      };
    }
    return withMetadata(io, async ({ registry }) => {
      const stored =
        setting || values.clear ? await registry.setRules(group, rules, currentActor(io.env)) : await registry.getRules(group);
      if (values.json) {
        json(io, stored ? { group, ...stored.rules, updatedAt: stored.updatedAt, updatedBy: stored.updatedBy } : { group });
        return EXIT.ok;
      }
      const lines = stored ? describeRules(stored.rules) : [];
      if (!lines.length) write(io.stdout, `${group} has no approval rules: one approval by anyone approves a version.`);
      else {
        const by = stored
          ? ` (set by ${stored.updatedBy}, ${stored.updatedAt.toISOString().replace('T', ' ').slice(0, 19)})`
          : '';
        write(io.stdout, [`Approval rules of ${group}${by}:`, ...lines.map((l) => `  ${l}`)].join('\n'));
      }
      return EXIT.ok;
    });
  },
};
