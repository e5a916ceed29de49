import { expect } from 'vitest';

export interface PageInfo {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
}

export interface Page<T> {
  totalCount: number;
  edges: { cursor: string; node: T }[];
  pageInfo: PageInfo;
}

/** The selection every connection test asks for around its node fields. */
export const connectionOf = (node: string) => `totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { ${node} } }`;

type PageArgs = { first?: number; after?: string; last?: number; before?: string };

/**
 * Walks a connection to its end with first/after (or last/before backwards), checking that each
 * page has at most `size` edges, that totalCount is the same on every page, and that the
 * pageInfo flags announce each further page. Returns the nodes in the connection's order.
 */
export async function walk<T>(
  fetchPage: (args: PageArgs) => Promise<Page<T>>,
  size: number,
  direction: 'forward' | 'backward',
): Promise<{ nodes: T[]; pages: number; totalCount: number }> {
  const nodes: T[] = [];
  let cursor: string | undefined;
  let pages = 0;
  let totalCount: number | undefined;
  for (;;) {
    const args = direction === 'forward' ? { first: size, after: cursor } : { last: size, before: cursor };
    const page = await fetchPage(args);
    pages += 1;
    expect(page.edges.length).toBeLessThanOrEqual(size);
    totalCount ??= page.totalCount;
    expect(page.totalCount).toBe(totalCount);
    const nodesOfPage = page.edges.map((e) => e.node);
    if (direction === 'forward') nodes.push(...nodesOfPage);
    else nodes.unshift(...nodesOfPage);
    const more = direction === 'forward' ? page.pageInfo.hasNextPage : page.pageInfo.hasPreviousPage;
    if (!more) break;
    cursor = (direction === 'forward' ? page.pageInfo.endCursor : page.pageInfo.startCursor) ?? undefined;
    expect(cursor).toBeTruthy();
    expect(pages).toBeLessThan(100);
  }
  return { nodes, pages, totalCount: totalCount ?? 0 };
}
