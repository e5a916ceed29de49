import { ForbiddenError, UnauthenticatedError } from '../errors.js';
import { userOf, type Principal } from './principal.js';

// Platform admins run the server: they manage the global resources no organization owns (public
// regions, the application catalog, users). They are named by email in PLATFORM_ADMINS, so the
// list lives with the deployment, not in a table an admin could edit to promote someone.

/** What deciding needs: the caller, and the emails PLATFORM_ADMINS lists (lowercase). */
interface Caller {
  principal: Principal | null;
  settings: { platformAdmins: ReadonlySet<string> };
}

/** Whether the caller is a user listed in PLATFORM_ADMINS (service clients never are). */
export function isPlatformAdmin(ctx: Caller): boolean {
  const user = userOf(ctx.principal);
  return user !== null && ctx.settings.platformAdmins.has(user.email.toLowerCase());
}

/** Throws UNAUTHENTICATED for anonymous callers and FORBIDDEN for anyone but a platform admin. */
export function requirePlatformAdmin(ctx: Caller): void {
  if (!ctx.principal) throw new UnauthenticatedError();
  if (!isPlatformAdmin(ctx)) throw new ForbiddenError('Only a platform admin can do this');
}
