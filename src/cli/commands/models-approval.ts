import { currentActor } from '../../core/actor.js';
import type { ApprovalStatus } from '../../pipeline/ir.js';
import { EXIT, json, UsageError, write } from '../cli-io.js';
import { withMetadata } from '../open-home.js';
import type { Handler } from '../spec/command-spec.js';
import type { modelsApproveOptions } from '../spec/models-specs.js';

/** `godwit models approve|reject GROUP VERSION`: one status change, recorded in the audit log. */
function setStatus(status: ApprovalStatus): Handler<typeof modelsApproveOptions> {
  return {
    run: ({ values, positionals: [group, versionText], io }) => {
      const version = parseVersion(versionText);
      return withMetadata(io, async ({ registry }) => {
        const actor = currentActor(io.env);
        const updated = await registry.setApprovalStatus(group, version, status, actor, values.note);
        const votes = updated.approvals;
        if (values.json) json(io, updated);
        else if (status === 'Approved' && updated.approvalStatus !== 'Approved' && votes) {
          const more = votes.needed - votes.approvers.length;
          write(
            io.stdout,
            `Approval ${votes.approvers.length} of ${votes.needed} recorded for ${group} version ${version} (by ${votes.approvers.join(', ')}); ` +
              `it stays ${updated.approvalStatus} until ${more} more different approver${more === 1 ? '' : 's'} approve${more === 1 ? 's' : ''}.`,
          );
        } else write(io.stdout, `${group} version ${version} is now ${updated.approvalStatus}.`);
        return EXIT.ok;
      });
    },
  };
}

export const approve = setStatus('Approved');
export const reject = setStatus('Rejected');

export function parseVersion(text: string): number {
  const version = Number(text);
  if (!Number.isInteger(version) || version < 1)
    throw new UsageError(`VERSION must be a version number (1, 2, …), not "${text}".`);
  return version;
}
