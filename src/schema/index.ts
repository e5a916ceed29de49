// Imports every domain so its types and fields register on the builder; nothing else.
import './shared/errors.js';
import './shared/enums.js';
import './user/user.type.js';
import './user/user.queries.js';
import './organization/organization.type.js';
import './organization/organization.queries.js';
import './organization/organization.mutations.js';
import './member/member.type.js';
import './member/member.mutations.js';
import './invitation/invitation.type.js';
import './invitation/invitation.mutations.js';
import './policy/policy.type.js';
import './policy/scope.type.js';
import './policy/policy.queries.js';
import './policy/policy.mutations.js';
import './group/group.type.js';
import './group/group.queries.js';
import './group/group.mutations.js';
import './client/client.type.js';
import './client/client.mutations.js';
import { builder } from './builder.js';
import { describeTotalCounts } from './shared/total-count-description.js';

export const schema = describeTotalCounts(builder.toSchema({ sortSchema: true }));
