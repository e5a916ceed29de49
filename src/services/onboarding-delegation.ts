import { z } from 'zod';
import type { Context } from '../context.js';
import { lockAsActor, requireUser } from './actor.js';
import { recordAudit } from './audit.js';
import { inviteOne } from './invitations.js';
import { inTransaction } from './transaction.js';
import { email, invitationMessage, parseInput } from './validate.js';

// Onboarding delegation (PostHog's "invites/delegate"): a user who is setting up the organization
// hands the rest of the setup to someone else. The invitee becomes an ADMIN on accepting, the
// invitation is flagged as a delegation with the step the inviter had reached, and the inviter's
// membership records that it delegated.

const DelegateInput = z.object({
  email,
  message: invitationMessage.nullish(),
  stepAtDelegation: z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters').nullish(),
});

/** Creates (or returns the pending) onboarding-delegation invitation. Returns its id and whether it is new. */
export async function delegateOnboarding(ctx: Context, organizationId: string, input: z.input<typeof DelegateInput>): Promise<{ invitationId: string; created: boolean }> {
  const { userId } = requireUser(ctx);
  const data = parseInput(DelegateInput, input);
  return inTransaction(ctx, async (tx) => {
      const actor = await lockAsActor(tx, ctx, organizationId, 'invitation.create');
      const outcome = await inviteOne(tx, ctx, actor, organizationId, {
        email: data.email,
        role: 'ADMIN',
        message: data.message ?? null,
        delegation: { stepAtDelegation: data.stepAtDelegation ?? null },
      });
      if ('error' in outcome) throw outcome.error;
      const delegatedAt = new Date();
      await tx.member.update({ where: { organizationId_userId: { organizationId, userId } }, data: { onboardingDelegatedAt: delegatedAt } });
      await recordAudit(tx, ctx, {
        organizationId,
        action: outcome.created ? 'invitation.delegate' : 'invitation.reuse',
        targetType: 'Invitation',
        targetId: outcome.invitationId,
        changes: { email: data.email, role: 'ADMIN', stepAtDelegation: data.stepAtDelegation ?? null },
      });
      return { invitationId: outcome.invitationId, created: outcome.created };
  });
}
