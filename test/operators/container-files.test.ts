import { readFileSync } from 'node:fs';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

// The Dockerfile and compose.yaml hold what an operator relies on. CI builds and starts them
// where a Docker daemon runs (.ci/run); this checks them everywhere.

const read = (file: string) => readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8');
const dockerfile = read('Dockerfile');
const compose = read('compose.yaml');
const instructions = dockerfile
  .replace(/\\\n\s*/g, '')
  .split('\n')
  .filter((line) => line.trim() && !line.trimStart().startsWith('#'));
/** The instructions of each stage, its FROM first. */
const stages: string[][] = [];
for (const line of instructions) {
  if (line.startsWith('FROM ')) stages.push([line]);
  else stages.at(-1)?.push(line);
}
const runtime = stages.at(-1) ?? [];

describe('the Dockerfile', () => {
  it('builds in one stage and runs the compiled server from another, on production dependencies', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(stages[0]!.join('\n')).toMatch(/RUN npm ci\b/);
    expect(runtime).toContain('COPY --from=build /app/dist ./dist');
    expect(runtime.join('\n')).toMatch(/RUN npm ci --omit=dev --ignore-scripts/);
    expect(runtime.at(-1)).toMatch(/^CMD \[.*"dist\/server\.js"\]$/);
  });

  it('runs as an unprivileged user', () => {
    const users = runtime.filter((line) => line.startsWith('USER '));
    expect(users.length).toBeGreaterThan(0);
    expect(users.at(-1)).not.toMatch(/^USER (root|0)\b/);
  });

  it('checks its health on /ready with node (no curl in the image)', () => {
    const healthcheck = runtime.find((line) => line.startsWith('HEALTHCHECK '));
    expect(healthcheck).toMatch(/CMD \["node", "-e", .*\/ready/);
  });

  it('uses a Node that package.json supports, in every stage', () => {
    const supported = JSON.parse(read('package.json')).engines.node;
    for (const stage of stages) {
      const major = /^FROM node:(\d+)/.exec(stage[0]!)?.[1];
      expect(major, stage[0]).toBeDefined();
      expect(semver.satisfies(`${major}.99.0`, supported), stage[0]).toBe(true);
    }
  });

  it('leaves the checkout’s data, dependencies and build out of the build context', () => {
    const ignored = read('.dockerignore').split('\n');
    for (const entry of ['node_modules', 'dist', 'data', '.git']) expect(ignored).toContain(entry);
  });
});

describe('compose.yaml', () => {
  it('starts PostgreSQL, then migrates once it is healthy, then the API once migrated', () => {
    expect(compose).toMatch(/\n {2}postgres:\n {4}image: postgres:/);
    expect(compose).toMatch(/\n {2}migrate:\n(?: {4}.*\n| {6}.*\n| {8}.*\n)*? {4}command: \["node", "dist\/migrate\.js"\]/);
    expect(compose).toMatch(/ {6}postgres:\n {8}condition: service_healthy/);
    expect(compose).toMatch(/ {6}migrate:\n {8}condition: service_completed_successfully/);
    expect(compose.match(/DATABASE_URL: postgres:\/\/.*@postgres:5432\/orgraph/g)).toHaveLength(2);
  });

  it('gives the API longer to stop than it takes to drain (SHUTDOWN_GRACE_MS, 10 s by default)', () => {
    const grace = Number(/stop_grace_period: (\d+)s/.exec(compose)?.[1]);
    expect(grace).toBeGreaterThan(10);
  });

  it('the migrate command is a compiled entry point', () => {
    expect(read('src/migrate.ts')).toContain('applyMigrations');
  });
});
