import { acceptLink, signAcceptToken } from '../../auth/invitation-link.js';
import { renderInvitationEmail } from '../../mail/invitation-email.js';
import { createMailer } from '../../mail/transport.js';
import { effectiveStatus } from '../../services/invitation-status.js';
import type { ConsumerFactory, EventConsumer } from '../consumer.js';
import type { DomainEvent } from '../domain-event.js';

// The invitation email: one job per invitation that an event invites (created, delegated, sent
// again), done at least once. A reused invitation (the address was pending already) is not mailed
// again: its earlier link still works, and resendInvitation is how to mail it again.

export interface InvitationEmailJob {
  invitationId: string;
  /** The event that asked for the mail; with the invitation, it names the message (Message-ID). */
  eventId: string;
}

/** The invitations an event asks to mail. */
export function invitationsToMail(event: DomainEvent): string[] {
  switch (event.action) {
    case 'invitation.create':
    case 'invitation.delegate':
    case 'invitation.resend':
      return [event.target.id];
    case 'invitation.bulk_create':
      return stringList(event.changes.createdInvitationIds ?? event.changes.invitationIds);
    default:
      return [];
  }
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/**
 * The Message-ID of an event's mail to an invitation: the same for every attempt, so a job that
 * runs twice (it sent, then failed before the queue heard) shows up as one message in threaded
 * clients and is recognizable as the same send.
 */
export function invitationMessageId(job: InvitationEmailJob, from: string): string {
  const domain = /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? 'orgraph.localhost';
  return `<invitation.${job.invitationId}.${job.eventId}@${domain}>`;
}

export const invitationEmailConsumer: ConsumerFactory = ({ prisma, config, signingKey, logger }) => {
  const mailer = createMailer(config, logger);
  const log = logger.child({ consumer: 'invitation-email' });
  const consumer: EventConsumer<InvitationEmailJob> = {
    queue: 'invitation-email',
    queueOptions: {
      retryLimit: config.mail.retryLimit,
      retryDelay: config.mail.retryDelaySeconds,
      retryBackoff: true,
      retryDelayMax: 3600,
      expireInSeconds: 120,
    },
    plan: async (_tx, event) => invitationsToMail(event).map((invitationId) => ({ invitationId, eventId: event.id })),
    async handle(job) {
      const invitation = await prisma.invitation.findUnique({
        where: { id: job.invitationId },
        include: { organization: { select: { name: true } }, invitedBy: { select: { name: true, email: true } } },
      });
      const status = invitation ? effectiveStatus(invitation) : 'DELETED';
      if (!invitation || status !== 'PENDING') {
        log.info({ ...job, status }, 'invitation email not sent: the invitation is no longer pending');
        return;
      }
      const token = await signAcceptToken(
        { signingKey, issuer: config.tokens.issuer },
        { invitationId: invitation.id, linkNonce: invitation.linkNonce },
        invitation.expiresAt,
      );
      const { subject, text, html } = renderInvitationEmail({
        organizationName: invitation.organization.name,
        inviter: invitation.invitedBy,
        role: invitation.role,
        message: invitation.message,
        firstName: invitation.firstName,
        isDelegation: invitation.isDelegation,
        expiresAt: invitation.expiresAt,
        acceptLink: acceptLink(config.mail.invitationAcceptUrl, token),
      });
      await mailer.send({ messageId: invitationMessageId(job, config.mail.from), to: invitation.email, subject, text, html });
    },
  };
  return consumer as EventConsumer;
};
