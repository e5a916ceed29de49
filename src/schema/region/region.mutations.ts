import { idempotencyKeyField, idempotently } from '../shared/idempotency-key.js';
import { createPrivateRegion, createPublicRegion, deletePublicRegion, deleteRegion, updatePublicRegion } from '../../services/regions.js';
import { builder } from '../builder.js';
import { OrganizationRef } from '../organization/organization.type.js';
import { idInput, mutationTaking, mutationWithInput } from '../shared/mutation.js';
import { DeletePublicRegionPayload, DeleteRegionPayload, regionPayload } from './region.payload.js';
import { RegionRef } from './region.type.js';

// Private regions are an organization's (region:write there); public regions are the platform
// admins' (UNAUTHENTICATED for anonymous callers, FORBIDDEN for anyone else).

const VERSIONS = 'Versions like v1.2.3 or 1.2.3 (pre-release tags allowed), each once; stored oldest first whatever the order given.';

builder.mutationField('createPrivateRegion', (t) =>
  t.fieldWithInput({
    ...mutationWithInput('region.manage', { type: 'A new private region of an organization.', argument: 'The region.' }),
    type: regionPayload('CreatePrivateRegionPayload', 'The private region created.'),
    description: 'Creates a private region of an organization; CONFLICT when the organization has a region of that name. Needs region:write.',
    input: {
      organizationId: t.input.globalID({ for: OrganizationRef, required: true, description: 'The organization.' }),
      name: t.input.string({ required: true, description: 'Name, 1 to 100 characters, unique among the organization’s regions.' }),
      baseUrl: t.input.string({ required: false, description: 'Base URL of the region’s control plane: an http:// or https:// URL.' }),
      versions: t.input.stringList({ required: false, description: `Stack versions the region offers (default none). ${VERSIONS}` }),
      idempotencyKey: idempotencyKeyField(t.input),
    },
    resolve: (_root, { input: { idempotencyKey, ...input } }, ctx) =>
      idempotently(ctx, 'createPrivateRegion', idempotencyKey, input, async () => {
        const { organizationId, ...region } = input;
        return { regionId: await createPrivateRegion(ctx, organizationId.id, region) };
      }),
  }),
);

const RegionIdInput = idInput('RegionIdInput', 'Names one region.', 'regionId', RegionRef, 'The region.');

builder.mutationField('deleteRegion', (t) =>
  t.field({
    ...mutationTaking(t.arg, 'region.manage', RegionIdInput, 'The region.'),
    type: DeleteRegionPayload,
    description:
      'Deletes a private region. Needs region:write in its organization; CONFLICT while any stack uses it (deleted stacks included until purged); FORBIDDEN for a public region (see deletePublicRegion).',
    resolve: (_root, { input }, ctx) => deleteRegion(ctx, input.regionId.id),
  }),
);

builder.mutationField('createPublicRegion', (t) =>
  t.fieldWithInput({
    ...mutationWithInput('platform.manage', { type: 'A new public region.', argument: 'The region.' }),
    type: regionPayload('CreatePublicRegionPayload', 'The public region created.'),
    description: 'Creates a public region, offered to every organization; CONFLICT when a public region has that name. Platform admins only.',
    input: {
      name: t.input.string({ required: true, description: 'Name, 1 to 100 characters, unique among public regions.' }),
      baseUrl: t.input.string({ required: false, description: 'Base URL of the region’s control plane: an http:// or https:// URL.' }),
      versions: t.input.stringList({ required: true, description: `Stack versions the region offers, at least one. ${VERSIONS}` }),
      idempotencyKey: idempotencyKeyField(t.input),
    },
    resolve: (_root, { input: { idempotencyKey, ...input } }, ctx) =>
      idempotently(ctx, 'createPublicRegion', idempotencyKey, input, async () => ({ regionId: await createPublicRegion(ctx, input) })),
  }),
);

builder.mutationField('updatePublicRegion', (t) =>
  t.fieldWithInput({
    ...mutationWithInput('platform.manage', { type: 'Changes to a public region; absent fields stay as they are.', argument: 'The changes.' }),
    type: regionPayload('UpdatePublicRegionPayload', 'The public region after the change.'),
    description:
      'Renames a public region, changes its base URL or the versions it offers; CONFLICT when withdrawing a version stacks run. Platform admins only.',
    input: {
      regionId: t.input.globalID({ for: RegionRef, required: true, description: 'The public region.' }),
      name: t.input.string({ required: false, description: 'New name, unique among public regions.' }),
      baseUrl: t.input.string({ required: false, description: 'New http(s) base URL; null clears it.' }),
      versions: t.input.stringList({
        required: false,
        description: `The whole new list of versions, at least one. ${VERSIONS} A version that a stack runs (deleted stacks within their retention period included) cannot be left out.`,
      }),
    },
    resolve: async (_root, { input: { regionId, name, baseUrl, versions } }, ctx) => ({
      regionId: await updatePublicRegion(ctx, regionId.id, { name: name ?? undefined, baseUrl, versions: versions ?? undefined }),
    }),
  }),
);

builder.mutationField('deletePublicRegion', (t) =>
  t.field({
    ...mutationTaking(t.arg, 'platform.manage', RegionIdInput, 'The public region.'),
    type: DeletePublicRegionPayload,
    description: 'Deletes a public region; CONFLICT while any stack uses it (deleted stacks included until purged). Platform admins only.',
    resolve: (_root, { input }, ctx) => deletePublicRegion(ctx, input.regionId.id),
  }),
);
