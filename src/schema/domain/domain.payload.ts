import { builder } from '../builder.js';

/** A mutation payload whose `domain` is loaded with exactly the fields the caller selected. */
export function domainPayload(name: string, description: string) {
  return builder.objectRef<{ domainId: string }>(name).implement({
    description,
    fields: (t) => ({
      domain: t.prismaField({
        type: 'Domain',
        description: 'The domain after the change.',
        resolve: (query, payload, _args, ctx) => ctx.prisma.domain.findUniqueOrThrow({ ...query, where: { id: payload.domainId } }),
      }),
    }),
  });
}

/** Payload of regenerateDomainScimToken: the domain and its new token, shown this once. */
export const RegenerateDomainScimTokenPayload = builder.objectRef<{ domainId: string; token: string }>('RegenerateDomainScimTokenPayload').implement({
  description: 'The domain and its new SCIM bearer token, shown this once; the old token no longer works.',
  fields: (t) => ({
    domain: t.prismaField({
      type: 'Domain',
      description: 'The domain after the change.',
      resolve: (query, payload, _args, ctx) => ctx.prisma.domain.findUniqueOrThrow({ ...query, where: { id: payload.domainId } }),
    }),
    scimToken: t.exposeString('token', {
      description: 'The SCIM bearer token. Shown only in this response: it is stored hashed and cannot be read again.',
    }),
  }),
});

/** Payload of deleteDomain: the id the domain had, and its organization. */
export const DeleteDomainPayload = builder.objectRef<{ domainId: string; organizationId: string }>('DeleteDomainPayload').implement({
  description: 'The domain was deleted, with its SCIM token and logs.',
  fields: (t) => ({
    deletedDomainId: t.globalID({ description: 'Global id the domain had.', resolve: (p) => ({ type: 'Domain', id: p.domainId }) }),
    organization: t.prismaField({
      type: 'Organization',
      description: 'The organization the domain belonged to.',
      resolve: (query, payload, _args, ctx) => ctx.prisma.organization.findUniqueOrThrow({ ...query, where: { id: payload.organizationId } }),
    }),
  }),
});
