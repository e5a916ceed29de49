import { readFileSync } from 'node:fs';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

// `npm install` warns EBADENGINE for each package whose engines.node the running Node does not
// satisfy. package.json's engines must lie inside every package's, so no supported Node warns.

const root = new URL('../../', import.meta.url);
const readJson = (file: string) => JSON.parse(readFileSync(new URL(file, root), 'utf8'));

const supported: string = readJson('package.json').engines.node;
const lockedPackages = Object.entries(readJson('package-lock.json').packages as Record<string, { engines?: { node?: string } | string[] }>)
  .filter(([name]) => name !== '')
  .flatMap(([name, entry]) => {
    const node = entry.engines && !Array.isArray(entry.engines) ? entry.engines.node : undefined;
    return node && semver.validRange(node) ? [{ name, node }] : [];
  });

/** The first and a late release of each major around the supported ones. */
const SUPPORTED_EDGES = ['22.15.0', '22.99.0', '23.0.0', '23.99.0', '24.0.0', '24.99.0'].filter((version) => semver.satisfies(version, supported));

describe('the Node versions package.json supports', () => {
  it('are 22 from 22.15, and 24 (Prisma and vitest refuse 23; nothing is tested on 25)', () => {
    expect(SUPPORTED_EDGES).toEqual(['22.15.0', '22.99.0', '24.0.0', '24.99.0']);
    expect(semver.satisfies('22.14.0', supported)).toBe(false);
    expect(semver.satisfies('25.0.0', supported)).toBe(false);
  });

  it('are accepted by every locked package (npm install prints no EBADENGINE on them)', () => {
    expect(lockedPackages.length).toBeGreaterThan(50);
    const refused = SUPPORTED_EDGES.flatMap((version) =>
      lockedPackages.filter(({ node }) => !semver.satisfies(version, node)).map(({ name, node }) => `${version}: ${name} wants ${node}`),
    );
    expect(refused).toEqual([]);
  });

  it('are what the README and CI say', () => {
    const readme = readFileSync(new URL('README.md', root), 'utf8');
    expect(readme).toContain('Node 22 (22.15 or newer) or 24');
    const ci = readFileSync(new URL('.ci/run', root), 'utf8');
    expect(ci).toMatch(/node_for 22\b/);
    expect(ci).toMatch(/node_for 24\b/);
  });
});
