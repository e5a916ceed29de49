import { z } from 'zod';

// Stack versions a region offers: semantic versions, spelled with or without a leading "v"
// (v1.2.3, 1.2.3-rc.1). A region keeps them oldest first, so the newest is the last one.

const VERSION = /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;

/** Whether the string is a version a region may offer. */
export function isVersion(value: string): boolean {
  return VERSION.test(value);
}

/** Negative when a precedes b, 0 when they are the same version (spelling aside), positive otherwise (semver precedence). */
export function compareVersions(a: string, b: string): number {
  const [ma, mb] = [VERSION.exec(a), VERSION.exec(b)];
  if (!ma || !mb) return a.localeCompare(b);
  for (let i = 1; i <= 3; i++) {
    const diff = Number(ma[i]) - Number(mb[i]);
    if (diff !== 0) return Math.sign(diff);
  }
  return comparePrerelease(ma[4], mb[4]);
}

// A version without a pre-release tag is newer than one with it; tags compare field by field,
// numeric fields numerically and before alphanumeric ones.
function comparePrerelease(a: string | undefined, b: string | undefined): number {
  if (a === b) return 0;
  if (a === undefined) return 1;
  if (b === undefined) return -1;
  const [pa, pb] = [a.split('.'), b.split('.')];
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const [x, y] = [pa[i]!, pb[i]!];
    if (x === y) continue;
    const [nx, ny] = [/^\d+$/.test(x), /^\d+$/.test(y)];
    if (nx && ny) return Math.sign(Number(x) - Number(y));
    if (nx !== ny) return nx ? -1 : 1;
    return x < y ? -1 : 1;
  }
  return Math.sign(pa.length - pb.length);
}

/** A region's version list: valid versions, no two the same, at most 100; returned oldest first. */
export const versionList = z
  .array(z.string().trim().max(50, 'must be at most 50 characters'))
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
