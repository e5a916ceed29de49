import type { GraphQLResponse } from '../../helpers/app.js';
import type { Entry } from '../entry-kit.js';
import { READERS, send, USERS } from '../entry-kit.js';
import { freshStack } from './stacks.js';

// Subscriptions, authorized when they subscribe. The matrix's app runs without the events runtime,
// so an allowed subscriber gets SERVICE_UNAVAILABLE (it passed authorization, then found no
// events); a refused one gets UNAUTHENTICATED, NOT_FOUND or FORBIDDEN. Per-event authorization is
// tested with the runtime in test/subscriptions.

const passedAuthorization = (response: GraphQLResponse) => (response.errors ?? []).map((e) => e.extensions?.code).join() === 'SERVICE_UNAVAILABLE';

export const ENTRIES: Record<string, Entry> = {
  'Subscription.organizationEvents': {
    scope: 'organization:read',
    allowed: READERS,
    run: (t, f, who) => send(t, f, who, 'organization:read', 'subscription($id: ID!) { organizationEvents(organizationId: $id) { eventId } }', { id: f.org }),
    granted: passedAuthorization,
  },
  'Subscription.myInvitations': {
    scope: null,
    allowed: USERS,
    run: (t, f, who) => send(t, f, who, null, 'subscription { myInvitations { eventId } }'),
    granted: passedAuthorization,
  },
  'Subscription.stackStatus': {
    scope: 'stack:read',
    allowed: ['owner', 'admin', 'member', 'clientWithScope'],
    run: async (t, f, who) => send(t, f, who, 'stack:read', 'subscription($id: ID!) { stackStatus(stackId: $id) { eventId } }', { id: await freshStack(t, f) }),
    granted: passedAuthorization,
  },
};
