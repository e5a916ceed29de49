import type { TxtResolver } from '../../src/context.js';

/**
 * A DNS stand-in for domain verification: TXT records set per name, a lookup of an unknown name
 * fails like node:dns (ENOTFOUND), and `failWith` makes every lookup fail with a given code.
 */
export class FakeDns {
  private readonly records = new Map<string, string[][]>();
  failure: string | null = null;
  /** Names looked up, in order: tests check that nothing was looked up when authorization fails. */
  readonly lookups: string[] = [];

  readonly resolveTxt: TxtResolver = async (hostname) => {
    this.lookups.push(hostname);
    if (this.failure) throw Object.assign(new Error(`queryTxt ${this.failure} ${hostname}`), { code: this.failure });
    const records = this.records.get(hostname.toLowerCase());
    if (!records) throw Object.assign(new Error(`queryTxt ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return records;
  };

  /** Publishes TXT records at `name`; each record is a list of chunks, as node:dns returns them. */
  publish(name: string, ...records: string[][]): void {
    this.records.set(name.toLowerCase(), records);
  }

  clear(): void {
    this.records.clear();
    this.failure = null;
    this.lookups.length = 0;
  }
}
