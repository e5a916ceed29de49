import { z } from 'zod';

// The CORS_ORIGINS setting (src/config.ts); cors.ts applies it.

/** The origins whose browser pages may call the API: `'*'` for any, else an exact list (empty: none but our own). */
export type CorsOrigins = '*' | readonly string[];

/** An origin as browsers send it (scheme://host[:port], lower-cased, default port left out), or undefined if `entry` is not one. */
function originOf(entry: string): string | undefined {
  try {
    const url = new URL(entry);
    const bare = (url.pathname === '/' || url.pathname === '') && !url.search && !url.hash && !url.username && !url.password;
    return bare && (url.protocol === 'https:' || url.protocol === 'http:') ? url.origin : undefined;
  } catch {
    return undefined;
  }
}

/** CORS_ORIGINS: comma-separated origins, or `*` alone; empty (the default) allows no other origin. */
export const CorsOriginsSetting = z
  .string()
  .default('')
  .transform((value, ctx): CorsOrigins => {
    const entries = value
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean);
    if (entries.includes('*')) {
      if (entries.length > 1) ctx.addIssue({ code: 'custom', message: '`*` allows every origin: give it alone, or list origins' });
      return '*';
    }
    const origins = entries.map((entry) => {
      const origin = originOf(entry);
      if (!origin) ctx.addIssue({ code: 'custom', message: `${entry} is not an origin: scheme://host[:port], without a path` });
      return origin ?? entry;
    });
    return [...new Set(origins)];
  });
