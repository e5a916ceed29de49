import semver from 'semver';
import { z } from 'zod';
import { text } from './validate.js';

// Stack versions a region offers: semantic versions (semver), spelled with or without a leading
// "v" (v1.2.3, 1.2.3-rc.1). A region keeps them oldest first, so the newest is the last one.

/** Whether the string is a version a region may offer. */
export function isVersion(value: string): boolean {
  return semver.valid(value) !== null;
}

/** Negative when a precedes b, 0 when they are the same version (spelling aside), positive otherwise (semver precedence). */
export function compareVersions(a: string, b: string): number {
  return isVersion(a) && isVersion(b) ? semver.compare(a, b) : a.localeCompare(b);
}

/** Longest version string (v1.2.3-rc.1+build) taken. */
export const VERSION_MAX = 50;

/** A region's version list: valid versions, no two the same, at most 100; returned oldest first. */
export const versionList = z
  .array(text(VERSION_MAX))
  .max(100, 'must have at most 100 versions')
  .superRefine((versions, ctx) => {
    versions.forEach((version, index) => {
      if (!isVersion(version)) ctx.addIssue({ code: 'custom', path: [index], message: `"${version}" is not a version like v1.2.3 or 1.2.3` });
      else if (versions.findIndex((other) => isVersion(other) && compareVersions(other, version) === 0) < index) {
        ctx.addIssue({ code: 'custom', path: [index], message: `"${version}" is listed twice` });
      }
    });
  })
  .transform((versions) => [...versions].sort(compareVersions));
