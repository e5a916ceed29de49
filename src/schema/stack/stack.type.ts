import type { Standing } from '../../auth/access.js';
import { can } from '../../auth/permissions.js';
import { grantableStackRoles, stackRank } from '../../auth/rules/stack-access.js';
import type { Context } from '../../context.js';
import { StackRole, StackStatus } from '../../db/generated/prisma/enums.js';
import { visibleStacks } from '../../auth/visibility.js';
import { notPurged } from '../../services/stacks.js';
import {
  cannotChangeStack,
  cannotRestoreStack,
  cannotSetStargate,
  cannotSetStatus,
  restorableUntil,
  upgradeTargets,
  type StackFacts,
} from '../../services/stack-rules.js';
import { builder } from '../builder.js';
import { tenantNode } from '../shared/tenant-node.js';
import { booleanFields } from '../shared/permissions-type.js';
import { inOrganizationOf } from '../shared/rules.js';
import { relatedRow, relationField } from '../shared/relations.js';
import { reads } from '../shared/selected-columns.js';
import { OrganizationRef } from '../organization/organization.type.js';
import { RegionRef } from '../region/region.type.js';
import { viewerStackAccess } from './stack.loader.js';

export const StackStatusEnum = builder.enumType(StackStatus, {
  name: 'StackStatus',
  description: 'Whether a stack serves requests.',
  values: {
    ACTIVE: { description: 'Enabled: the stack serves requests.' },
    DISABLED: { description: 'Disabled: the stack is kept but serves nothing until enabled again.' },
  },
});

export const StackRoleEnum = builder.enumType(StackRole, {
  name: 'StackRole',
  description: 'A member’s role on one stack, from most to least powerful. Organization owners and admins count as stack ADMIN.',
  values: {
    ADMIN: { description: 'Manages the stack, including who has access to it (up to ADMIN).' },
    EDITOR: { description: 'Works with the stack’s data; may give EDITOR or VIEWER access.' },
    VIEWER: { description: 'Reads the stack’s data; may give VIEWER access.' },
  },
});

interface StackPermissions {
  update: boolean;
  delete: boolean;
  restore: boolean;
  enable: boolean;
  disable: boolean;
  upgrade: boolean;
  manageModules: boolean;
  manageStargate: boolean;
  manageAccess: boolean;
  grantableRoles: StackRole[];
}

const NOTHING: StackPermissions = {
  update: false,
  delete: false,
  restore: false,
  enable: false,
  disable: false,
  upgrade: false,
  manageModules: false,
  manageStargate: false,
  manageAccess: false,
  grantableRoles: [],
};

const StackPermissionsRef = builder.objectRef<StackPermissions>('StackPermissions').implement({
  description:
    'What the caller may do with a stack, from the rules that guard the mutations. Every change needs stack:write; a deleted stack allows only restoreStack.',
  fields: (t) => ({
    ...booleanFields(t, {
      update: 'updateStack is allowed.',
      delete: 'deleteStack is allowed.',
      restore: 'restoreStack is allowed: the stack is deleted and still within the retention period (a live stack with its name still refuses it).',
      enable: 'enableStack is allowed: the stack is disabled.',
      disable: 'disableStack is allowed: the stack is enabled.',
      upgrade: 'upgradeStack is allowed: the stack’s region offers a newer version (see upgradableVersions).',
      manageModules: 'enableStackModule and disableStackModule are allowed.',
      manageStargate: 'enableStargate or disableStargate (whichever applies) is allowed.',
      manageAccess: 'setStackUserAccess and removeStackUserAccess are allowed for members ranked at most the caller (see grantableRoles).',
    }),
    grantableRoles: t.field({
      type: [StackRoleEnum],
      description: 'Stack roles the caller may give with setStackUserAccess: none above its own stack role.',
      resolve: (p) => p.grantableRoles,
    }),
  }),
});

/** The caller on a stack: its standing in the stack's organization and its own rank on the stack. */
export interface StackViewer {
  standing: Standing;
  stackRole: StackRole | null;
}

/** The caller on the stack, or null when it has no standing in the stack's organization. */
export async function stackViewerOf(ctx: Context, stack: { id: string; organizationId: string }): Promise<StackViewer | null> {
  const [standing, own] = await Promise.all([ctx.access.standing(stack.organizationId), viewerStackAccess(ctx).load(stack.id)]);
  return standing ? { standing, stackRole: stackRank(standing, own) } : null;
}

/** The action table decides whether the caller changes the stack at all (stack:write), the lifecycle rules what the stack allows. */
function permissions(ctx: Context, viewer: StackViewer, stack: StackFacts, regionVersions: readonly string[]): StackPermissions {
  if (!can(viewer.standing, 'stack.update')) return NOTHING;
  const change = cannotChangeStack(stack) === null;
  const grantableRoles = change ? grantableStackRoles(viewer.stackRole) : [];
  return {
    update: change,
    delete: change,
    restore: cannotRestoreStack(stack, new Date(), ctx.settings.stackRetentionDays) === null,
    enable: cannotSetStatus(stack, 'ACTIVE') === null,
    disable: cannotSetStatus(stack, 'DISABLED') === null,
    upgrade: change && upgradeTargets(stack.version, regionVersions).length > 0,
    manageModules: change,
    manageStargate: cannotSetStargate(stack, !stack.stargateEnabled) === null,
    manageAccess: grantableRoles.length > 0,
    grantableRoles,
  };
}

/** The versions the stack's region offers, batched with the other stacks asking. */
async function regionVersions(ctx: Context, stack: { regionId: string }): Promise<string[]> {
  return (await relatedRow<{ versions: string[] }>(ctx, 'Stack', 'region', stack, ['versions']))?.versions ?? [];
}

export const StackRef = builder.prismaNode('Stack', {
  description:
    'A deployment of the product in a region, owned by one organization. Deleting is soft: a deleted stack can be restored within the retention period, then it is gone for good.',
  id: { field: 'id', description: 'Global id of the stack.' },
  // Deleted stacks past the retention period are gone for good: node(id) finds nothing.
  ...tenantNode(visibleStacks, (_principal, ctx) => notPurged(ctx)),
  authScopes: inOrganizationOf('stack.read'),
  fields: (t) => ({
    name: t.exposeString('name', { description: 'Display name, unique among the organization’s live stacks (case-insensitively).' }),
    status: t.expose('status', { type: StackStatusEnum, description: 'Whether the stack serves requests (enableStack, disableStack).' }),
    version: t.exposeString('version', { description: 'The version the stack runs: one its region offers.' }),
    upgradableVersions: t.stringList({
      description: 'Versions its region offers that are newer than the stack’s, oldest first: the targets of upgradeStack.',
      ...reads('version', 'regionId'),
      resolve: async (stack, _args, ctx) => upgradeTargets(stack.version, await regionVersions(ctx, stack)),
    }),
    stargateEnabled: t.exposeBoolean('stargateEnabled', { description: 'Stargate (access to the stack from outside its region’s network) is on.' }),
    deletedAt: t.expose('deletedAt', { type: 'DateTime', nullable: true, description: 'When the stack was deleted; null while it is live.' }),
    restorableUntil: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'For a deleted stack, until when restoreStack can bring it back (deletedAt + the retention period); null while it is live.',
      ...reads('deletedAt'),
      resolve: (stack, _args, ctx) => restorableUntil(stack.deletedAt, ctx.settings.stackRetentionDays),
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When the stack was created.' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime', description: 'When the stack last changed.' }),
    viewerRole: t.field({
      type: StackRoleEnum,
      nullable: true,
      description:
        'The caller’s own role on the stack: ADMIN for organization owners and admins (and service clients with stack:write), else its stack user access; null without one.',
      ...reads(),
      resolve: async (stack, _args, ctx) => (await stackViewerOf(ctx, stack))?.stackRole ?? null,
    }),
    viewerCan: t.field({
      type: StackPermissionsRef,
      description: 'What the caller may do with this stack.',
      // The rules' StackFacts, and the region whose versions decide `upgrade`.
      ...reads('status', 'version', 'stargateEnabled', 'deletedAt', 'regionId'),
      resolve: async (stack, _args, ctx) => {
        const viewer = await stackViewerOf(ctx, stack);
        return viewer ? permissions(ctx, viewer, stack, await regionVersions(ctx, stack)) : NOTHING;
      },
    }),
  }),
});

const StackModuleRef = builder.prismaObject('StackModule', {
  description: 'A module of a stack (ledger, payments, …), enabled or not.',
  // Reached only through its stack (stack.read there); the row names no organization of its own.
  authScopes: { action: 'stack.read' },
  fields: (t) => ({
    name: t.exposeString('name', {
      description: 'Name of the module in the catalog: auth, ledger, orchestration, payments, reconciliation, search, wallets or webhooks.',
    }),
    enabled: t.exposeBoolean('enabled', { description: 'The module runs on the stack.' }),
    version: t.exposeString('version', { description: 'Version of the module: the stack’s version when it was last enabled or upgraded.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When the module was first enabled on the stack.' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime', description: 'When the module last changed.' }),
  }),
});

// Relation fields, added after the types: inside a type's own definition, a field returning
// another type that returns this one makes type inference go round in circles.
builder.prismaObjectFields('Stack', (t) => ({
  // Nullable: a private region needs region:read, and a caller without it must still see the stack.
  region: t.field({
    type: RegionRef,
    nullable: true,
    description: 'The region the stack runs in; null (with a FORBIDDEN error) for a private region without region:read.',
    ...relationField('Stack', 'region'),
  }),
  organization: t.field({ type: OrganizationRef, description: 'The organization owning the stack.', ...relationField('Stack', 'organization') }),
}));

builder.prismaObjectField('Stack', 'modules', (t) =>
  t.field({
    type: [StackModuleRef],
    description: 'The stack’s modules, enabled or not, by name (a new stack starts with auth, ledger, payments, wallets and webhooks).',
    ...relationField('Stack', 'modules', [{ column: 'name' }]),
  }),
);
