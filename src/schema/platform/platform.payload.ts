import { changedRowPayload } from '../shared/payload.js';

/** Payload of createUser. */
export const CreateUserPayload = changedRowPayload('user', 'User', 'userId', 'The new user, without memberships.')('CreateUserPayload', 'The user created.');
