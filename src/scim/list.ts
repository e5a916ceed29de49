import { LIST_RESPONSE_SCHEMA } from './request.js';

// Pagination of list requests (RFC 7644 §3.4.2.4): 1-based startIndex, count per page. The page
// goes into SQL (OFFSET/LIMIT), so the rows read follow `count`, never the directory's size.

/** Most resources in one page, as ServiceProviderConfig announces (filter.maxResults); also the default count. */
export const MAX_RESULTS = 100;

export interface ListParams {
  filter: string | null;
  /** 1-based index of the first result (values below 1 count as 1). */
  startIndex: number;
  /** Resources per page, 0 to MAX_RESULTS (0: only totalResults). */
  count: number;
}

const integer = (value: string | null, fallback: number) => {
  const parsed = value === null ? Number.NaN : Number.parseInt(value, 10);
  return Number.isFinite(parsed) ? parsed : fallback;
};

export function listParams(url: URL): ListParams {
  return {
    filter: url.searchParams.get('filter'),
    startIndex: Math.max(1, integer(url.searchParams.get('startIndex'), 1)),
    count: Math.min(MAX_RESULTS, Math.max(0, integer(url.searchParams.get('count'), MAX_RESULTS))),
  };
}

/** Prisma's skip/take of the page. */
export const pageOf = (params: ListParams) => ({ skip: params.startIndex - 1, take: params.count });

export function listResponse(params: ListParams, totalResults: number, resources: unknown[]) {
  return { schemas: [LIST_RESPONSE_SCHEMA], totalResults, startIndex: params.startIndex, itemsPerPage: resources.length, Resources: resources };
}
