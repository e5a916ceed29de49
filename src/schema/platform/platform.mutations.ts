import { createUser } from '../../services/platform-users.js';
import { builder } from '../builder.js';
import { mutationErrors } from '../shared/errors.js';
import { CreateUserPayload } from './platform.payload.js';

const CreateUserInput = builder.inputType('CreateUserInput', {
  description: 'A new user.',
  fields: (t) => ({
    email: t.string({ required: true, description: 'Email address; stored lower-cased, unique across the server.' }),
    name: t.string({ required: true, description: 'Display name, 1 to 100 characters.' }),
  }),
});

builder.mutationField('createUser', (t) =>
  t.field({
    type: CreateUserPayload,
    description: 'Creates a user ahead of its first sign-in; CONFLICT when a user has that email. Platform admins only.',
    errors: mutationErrors('CreateUserResult'),
    authScopes: { action: 'platform.manage' },
    args: { input: t.arg({ type: CreateUserInput, required: true, description: 'The user.' }) },
    resolve: async (_root, { input }, ctx) => ({ userId: await createUser(ctx, input) }),
  }),
);
