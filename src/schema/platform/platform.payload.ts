import { changedRowsPayload } from '../shared/payload.js';

/** Payload of createUser. */
export const CreateUserPayload = changedRowsPayload({ user: ['User', 'userId', 'The new user, without memberships.'] })(
  'CreateUserPayload',
  'The user created.',
);
