import type { ExecutionResult, GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';

// The compiled executor (graphql-jit) resolves every field of an object even after one failed,
// so when a non-null field fails (a node whose type refuses the caller, say) the object is null
// and the failure is reported once per selected field. graphql-js reports the first only, and so
// do we: errors that nulled the same object stand for one.

type Path = readonly (string | number)[];

/** The shortest prefix of `path` whose value is null in `data`: where the error's null ended up. */
function nulledAt(data: unknown, path: Path): number {
  let value = data;
  for (let i = 0; i < path.length; i++) {
    value = (value as Record<string | number, unknown> | null | undefined)?.[path[i]!];
    if (value === null || value === undefined) return i + 1;
  }
  return path.length;
}

function dedupe(result: ExecutionResult): void {
  if (!result.errors || result.errors.length < 2) return;
  const seen = new Set<string>();
  const kept = result.errors.filter((error: GraphQLError) => {
    const path = error.path;
    if (!path) return true;
    const at = nulledAt(result.data, path);
    // A nullable field that failed is null itself: its error is its own.
    if (at === path.length) return true;
    const key = JSON.stringify(path.slice(0, at));
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  if (kept.length !== result.errors.length) (result as { errors: readonly GraphQLError[] }).errors = kept;
}

export function oneErrorPerObject(): Plugin {
  return {
    onExecute: () => ({
      onExecuteDone: ({ result }) => {
        if (!(Symbol.asyncIterator in result)) dedupe(result);
      },
    }),
  };
}
