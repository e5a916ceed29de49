import { idempotencyKeyField, idempotently } from '../shared/idempotency-key.js';
import { createUser } from '../../services/platform-users.js';
import { builder } from '../builder.js';
import { mutationWithInput } from '../shared/mutation.js';
import { CreateUserPayload } from './platform.payload.js';

builder.mutationField('createUser', (t) =>
  t.fieldWithInput({
    ...mutationWithInput('platform.manage', { type: 'A new user.', argument: 'The user.' }),
    type: CreateUserPayload,
    description: 'Creates a user ahead of its first sign-in; CONFLICT when a user has that email. Platform admins only.',
    input: {
      email: t.input.string({ required: true, description: 'Email address; stored lower-cased, unique across the server.' }),
      name: t.input.string({ required: true, description: 'Display name, 1 to 100 characters.' }),
      idempotencyKey: idempotencyKeyField(t.input),
    },
    resolve: (_root, { input: { idempotencyKey, ...input } }, ctx) =>
      idempotently(ctx, 'createUser', idempotencyKey, input, async () => ({ userId: await createUser(ctx, input) })),
  }),
);
