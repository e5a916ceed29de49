import { createContextCache } from '@pothos/core';
import DataLoader from 'dataloader';
import type { Context } from '../../context.js';

// DataLoaders that live as long as one request, one per batch key (a field, its arguments and
// selection): every parent asking the same question in a request shares one statement. They
// batch but do not cache, so a mutation's payload later in the same document sees what changed
// before it.

export type LoaderOf<V> = (ctx: Context, batchKey: string, batch: (keys: readonly string[]) => Promise<V[]>) => DataLoader<string, V>;

/** The loaders of one kind: `loader(ctx, batchKey, batch)` gives the request's loader for that key, made from `batch` the first time. */
export function requestLoaders<V>(): LoaderOf<V> {
  const perRequest = createContextCache((_ctx: Context) => new Map<string, DataLoader<string, V>>());
  return (ctx, batchKey, batch) => {
    const loaders = perRequest(ctx);
    let loader = loaders.get(batchKey);
    if (!loader) loaders.set(batchKey, (loader = new DataLoader(batch, { cache: false })));
    return loader;
  };
}
