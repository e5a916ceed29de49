import type { CacheItem, CacheProvider } from '@node-saml/node-saml';
import type { PrismaClient } from '../../db/client.js';

/** A sign-in request that its response took back: where the token goes next. */
export interface TakenSamlRequest {
  id: string;
  returnTo: string | null;
}

interface StoreOptions {
  /** Remembered with a new request (start of a sign-in). */
  returnTo?: string | null;
  ttlSeconds: number;
}

/**
 * node-saml's memory of the AuthnRequest ids it issued (its CacheProvider), kept in the database
 * so that the response may reach any server. Each id works once: reading it deletes its row, and
 * of two requests reading it at once (a replayed response, on this server or another) only the
 * one whose delete removed the row gets it. node-saml reads the same id twice while validating one
 * response (the Response's InResponseTo, then the subject confirmation's): one store serves one
 * HTTP request and answers the second read from what the first took.
 */
export class SamlRequestStore implements CacheProvider {
  private taken: (TakenSamlRequest & { createdAt: Date }) | null = null;
  /** A database failure met while node-saml asked: node-saml turns it into a refusal, the caller must not. */
  failure: unknown = undefined;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly organizationId: string,
    private readonly options: StoreOptions,
  ) {}

  /** The request this store's response took back, once validation has read it. */
  get takenRequest(): TakenSamlRequest | null {
    return this.taken && { id: this.taken.id, returnTo: this.taken.returnTo };
  }

  async saveAsync(id: string, value: string): Promise<CacheItem> {
    return this.recordingFailure(async () => {
      const now = new Date();
      // The organization's abandoned sign-ins go as a new one starts: the table holds only those under way.
      await this.prisma.samlSignInRequest.deleteMany({ where: { organizationId: this.organizationId, expiresAt: { lte: now } } });
      const expiresAt = new Date(now.getTime() + this.options.ttlSeconds * 1000);
      await this.prisma.samlSignInRequest.create({
        data: { id, organizationId: this.organizationId, returnTo: this.options.returnTo ?? null, createdAt: now, expiresAt },
      });
      return { value, createdAt: now.getTime() };
    });
  }

  async getAsync(id: string): Promise<string | null> {
    if (this.taken?.id === id) return this.taken.createdAt.toISOString();
    return this.recordingFailure(() => this.take(id));
  }

  private async take(id: string): Promise<string | null> {
    const request = await this.prisma.samlSignInRequest.findFirst({
      where: { id, organizationId: this.organizationId, expiresAt: { gt: new Date() } },
      select: { id: true, returnTo: true, createdAt: true },
    });
    if (!request) return null;
    const { count } = await this.prisma.samlSignInRequest.deleteMany({ where: { id } });
    if (count !== 1) return null; // another request took it first
    this.taken = request;
    return request.createdAt.toISOString();
  }

  async removeAsync(id: string | null): Promise<string | null> {
    if (id === null) return null;
    await this.recordingFailure(() => this.prisma.samlSignInRequest.deleteMany({ where: { id, organizationId: this.organizationId } }));
    return id;
  }

  private async recordingFailure<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      this.failure ??= error;
      throw error;
    }
  }
}
