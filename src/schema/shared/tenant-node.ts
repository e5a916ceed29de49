import type { Principal } from '../../auth/principal.js';
import { visibleOrganizations } from '../../auth/visibility.js';
import type { Context } from '../../context.js';

// node(id:) and nodes(ids:) load a row by id through the type's `findUnique`: only among the rows
// the caller may see, so that the id of another tenant's row finds nothing, as a missing one does.

/** A filter of the rows a caller may see (mostly from auth/visibility.ts). */
type Visible<W> = (principal: Principal | null, ctx: Context) => W;

/** The `findUnique` and `nullable` options of a node type whose rows `visible` (all of them) filter. */
export function tenantNode<W>(...visible: Visible<W>[]) {
  return {
    findUnique: (id: string, ctx: Context) => ({ id, AND: visible.map((filter) => filter(ctx.principal, ctx)) }),
    // node(id) of an invisible object finds nothing (null), instead of Prisma's not-found exception.
    nullable: true as const,
  };
}

/** The rows of the organizations the caller may see. */
export const inVisibleOrganization = (principal: Principal | null) => ({ organization: visibleOrganizations(principal) });
