import type { Entry } from '../entry-kit.js';
import { newEmail, platformMutation, send } from '../entry-kit.js';
import { PRINCIPALS } from '../principals.js';

// Platform-wide operations: server info is public, users are the platform admins' to create.

export const ENTRIES: Record<string, Entry> = {
  'Query.serverInfo': {
    scope: null,
    allowed: [...PRINCIPALS],
    run: (t, f, who) => send(t, f, who, null, '{ serverInfo { version build } }'),
    granted: (response) => Boolean((response.data as { serverInfo?: { version?: string } } | undefined)?.serverInfo?.version),
  },
  'Mutation.createUser': platformMutation('createUser', 'CreateUserInput', () => ({ email: newEmail(), name: 'Created' })),
};
