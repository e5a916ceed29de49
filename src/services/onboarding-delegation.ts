import { z } from 'zod';
import type { Context } from '../context.js';
import { inviteOne } from './invitations.js';
import { changeOrganization } from './unit-of-work.js';
import { email, invitationMessage, parseInput, requiredText } from './validate.js';

// Onboarding delegation (PostHog's "invites/delegate"): a user who is setting up the organization
// hands the rest of the setup to someone else. The invitee becomes an ADMIN on accepting, the
// invitation is flagged as a delegation with the step the inviter had reached, and the inviter's
// membership records that it delegated.

const DelegateInput = z.object({
  email,
  message: invitationMessage.nullish(),
  stepAtDelegation: requiredText(100).nullish(),
});

/** Creates (or returns the pending) onboarding-delegation invitation. Returns its id and whether it is new. */
export async function delegateOnboarding(
  ctx: Context,
  organizationId: string,
  input: z.input<typeof DelegateInput>,
): Promise<{ invitationId: string; created: boolean }> {
  const data = parseInput(DelegateInput, input);
  const stepAtDelegation = data.stepAtDelegation ?? null;
  return changeOrganization(ctx, organizationId, 'invitation.delegateOnboarding', async (unit) => {
    const outcome = await inviteOne(unit, ctx, { email: data.email, role: 'ADMIN', message: data.message ?? null, delegation: { stepAtDelegation } });
    if ('error' in outcome) throw outcome.error;
    // invitation.delegateOnboarding is for users only: the standing carries the delegating membership.
    await unit.tx.member.update({ where: { id: unit.standing.member!.id }, data: { onboardingDelegatedAt: new Date() } });
    return {
      result: { invitationId: outcome.invitationId, created: outcome.created },
      audit: {
        action: outcome.created ? 'invitation.delegate' : 'invitation.reuse',
        targetType: 'Invitation',
        targetId: outcome.invitationId,
        changes: { email: data.email, role: 'ADMIN', stepAtDelegation },
      },
    };
  });
}
