// The org-page answer of each server in one canonical form, so the side-by-side run proves that
// every server returned the same rows before timing them: organizations in order; members,
// invitations and stacks sorted (servers may break ordering ties differently).
const byKey = (key) => (a, b) => (a[key] < b[key] ? -1 : a[key] > b[key] ? 1 : 0);

/** Orgraph's shape (also served by the one-statement limit and the yoga ceiling). */
export function orgraph(data) {
  return data.organizations.edges.map(({ node: o }) => ({
    name: o.name,
    viewerCan: { update: o.viewerCan.update, delete: o.viewerCan.delete, manageMembers: o.viewerCan.manageMembers, invite: o.viewerCan.invite, leave: o.viewerCan.leave },
    members: o.members.edges.map(({ node: m }) => ({ role: m.role, name: m.user.name, email: m.user.email })).sort(byKey('email')),
    invitations: o.invitations.edges.map(({ node: i }) => ({ email: i.email, role: i.role })).sort(byKey('email')),
    stacks: o.stacks.edges.map(({ node: s }) => ({ name: s.name, status: s.status, region: s.region.name })).sort(byKey('name')),
  }));
}

// PostGraphile runs without auth: viewerCan follows from the viewer's role and the built-in role
// scopes (the data set's extra group policy adds only stack:read, which no flag depends on).
const can = (role) => ({
  update: role === 'OWNER' || role === 'ADMIN',
  delete: role === 'OWNER',
  manageMembers: role === 'OWNER' || role === 'ADMIN',
  invite: role === 'OWNER' || role === 'ADMIN',
  leave: true,
});

/** PostGraphile's shape: the viewer's memberships → organization → its connections. */
export function postgraphile(data) {
  return data.allUsers.nodes[0].membersByUserId.nodes.map(({ role, organizationByOrganizationId: o }) => ({
    name: o.name,
    viewerCan: can(role),
    members: o.membersByOrganizationId.nodes.map((m) => ({ role: m.role, name: m.userByUserId.name, email: m.userByUserId.email })).sort(byKey('email')),
    invitations: o.invitationsByOrganizationId.nodes.map((i) => ({ email: i.email, role: i.role })).sort(byKey('email')),
    stacks: o.stacksByOrganizationId.nodes.map((s) => ({ name: s.name, status: s.status, region: s.regionByRegionId.name })).sort(byKey('name')),
  }));
}
