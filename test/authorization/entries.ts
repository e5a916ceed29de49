/// <reference types="vite/client" />
import type { Entry } from './entry-kit.js';

// The matrix's entries, one file per domain under ./entries/, each exporting ENTRIES: a new
// domain adds its file and nothing here changes.
const modules = import.meta.glob<{ ENTRIES: Record<string, Entry> }>('./entries/*.ts', { eager: true });

export const ENTRIES: Record<string, Entry> = {};
for (const [file, module] of Object.entries(modules)) {
  for (const [field, entry] of Object.entries(module.ENTRIES)) {
    if (ENTRIES[field]) throw new Error(`${field} has an entry in two files (${file})`);
    ENTRIES[field] = entry;
  }
}
