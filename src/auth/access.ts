import DataLoader from 'dataloader';
import type { Member } from '../db/generated/prisma/client.js';
import { textArray } from '../db/sql-fragments.js';
import type { SqlReader } from '../db/sql-reader.js';
import type { Role } from '../db/generated/prisma/enums.js';
import { NotFoundError, SignInRequiredError } from '../errors.js';
import { can, denial, requireStanding, type OrganizationActionName, type TargetArgs } from './permissions.js';
import type { ClientPrincipal, Principal } from './principal.js';
import { ROLE_SCOPES, roleRank, type Scope } from './scopes.js';
import type { SignInRefusalReason } from './sign-in-requirements.js';
import { standingFromRow, standingsOf } from './standing-statement.js';

/** The caller's standing in one organization: an active member, or a service client there. */
export interface Standing {
  /** The caller's membership; null for a service client. */
  member: Member | null;
  /** The caller's role; null for a service client. */
  role: Role | null;
  /** Compared by the no-escalation rules: the role's rank, for a client the highest role its scopes cover (never OWNER). */
  rank: number;
  /** Effective scopes: role policy ∪ attached policies ∪ the policies of the member's groups (none while refused). */
  scopes: ReadonlySet<Scope>;
  /**
   * Effective scopes of the applications enabled for the organization (`app:<alias>/<label>`):
   * those its policies grant (every one for an OWNER) and, transitively, all they delegate to.
   * For an application's client, the scopes of its token that the application still defines.
   */
  applicationScopes: ReadonlySet<string>;
  /** The caller's token fails the membership's SSO or MFA requirement: every action is refused, saying why. */
  refusal: SignInRefusal | null;
}

/** Why a member's token gives no access to the organization (sign-in-requirements.ts). */
export interface SignInRefusal {
  reason: SignInRefusalReason;
  organizationId: string;
}

const NO_APPLICATION_SCOPES: ReadonlySet<string> = new Set();

/** A service client's standing: its own scopes, and the rank of the highest role they cover below OWNER. */
export function clientStanding(scopes: ReadonlySet<Scope>, applicationScopes: ReadonlySet<string> = NO_APPLICATION_SCOPES): Standing {
  const covered = (['ADMIN', 'MEMBER', 'GUEST'] as const).find((role) => [...ROLE_SCOPES[role]].every((scope) => scopes.has(scope)));
  return { member: null, role: null, rank: covered ? roleRank(covered) : 0, scopes, applicationScopes, refusal: null };
}

/**
 * A service client's standing in an organization: only its own, and only while it holds
 * organization:read (without it the organization is invisible to it, as in visibility.ts).
 */
export function clientStandingIn(client: ClientPrincipal, organizationId: string): Standing | null {
  return client.organizationId === organizationId && client.scopes.has('organization:read') ? clientStanding(client.scopes, client.application?.scopes) : null;
}

/**
 * NOT_FOUND for outsiders (the organization does not exist for them), and FORBIDDEN saying why for
 * a member whose token fails the sign-in requirement; else whether the standing allows the action.
 */
function mayWithStanding(standing: Standing | null, action: OrganizationActionName): boolean {
  const denied = denial(standing, action as 'organization.read');
  if (denied instanceof NotFoundError || denied instanceof SignInRequiredError) throw denied;
  return denied === null;
}

/**
 * Per-request answers to "does this principal hold scope S in organization O". The caller's
 * memberships, with their policies and groups, are loaded once per request for all the
 * organizations a query touches, in one statement (DataLoader): no per-field round trips. Never
 * across requests: a removal or a suspension shows on the very next request.
 */
export class AccessControl {
  private readonly standings: DataLoader<string, Standing | null>;
  /** Standings already read in this request, for answers without a promise (scope checks run per field). */
  private readonly known = new Map<string, Standing | null>();

  constructor(
    sql: SqlReader,
    readonly principal: Principal | null,
  ) {
    this.standings = new DataLoader(async (organizationIds) => {
      if (!principal) return organizationIds.map(() => null);
      if (principal.kind === 'client') {
        return organizationIds.map((id) => clientStandingIn(principal, id));
      }
      const rows = await sql.rows(standingsOf(principal, textArray(organizationIds)));
      const byOrg = new Map(rows.map((row) => [row[0] as string, standingFromRow(row, 1)]));
      return organizationIds.map((id) => {
        const standing = byOrg.get(id) ?? null;
        this.known.set(id, standing);
        return standing;
      });
    });
  }

  /** The caller's standing in the organization, or null when it has none there. */
  standing(organizationId: string): Promise<Standing | null> {
    return this.standings.load(organizationId);
  }

  /** The caller's standing in the organization, checked for the action's scope (NOT_FOUND without a standing, else FORBIDDEN). */
  async require(organizationId: string, action: OrganizationActionName): Promise<Standing> {
    return requireStanding(await this.standing(organizationId), action);
  }

  /** Whether the caller may do `action` to the target in the organization: what `viewerCan` fields answer. */
  async can<A extends OrganizationActionName>(organizationId: string, action: A, ...target: TargetArgs<A>): Promise<boolean> {
    return can(await this.standing(organizationId), action, ...target);
  }

  /**
   * Whether the caller may do `action` (one without a target rule) in the organization;
   * NOT_FOUND when it has no standing there. Synchronous once the standing is known, which it
   * mostly is after the first check: scope-auth asks this for every object.
   */
  allows(organizationId: string, action: OrganizationActionName): boolean | Promise<boolean> {
    if (this.known.has(organizationId)) return mayWithStanding(this.known.get(organizationId)!, action);
    return this.standing(organizationId).then((standing) => mayWithStanding(standing, action));
  }

  /** Records a standing read by another statement of this request (the organizations page reads them along). */
  prime(organizationId: string, standing: Standing | null): void {
    this.standings.clear(organizationId).prime(organizationId, standing);
    this.known.set(organizationId, standing);
  }

  /** Call after a write that changes the caller's own standing, so later checks see it. */
  forget(organizationId: string): void {
    this.standings.clear(organizationId);
    this.known.delete(organizationId);
  }
}
