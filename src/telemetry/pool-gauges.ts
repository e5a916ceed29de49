import type pg from 'pg';
import { Gauge, type Registry } from 'prom-client';

/** PostgreSQL's connection pool as gauges, read at each scrape (nothing to update per query). */
export function registerPoolGauges(registry: Registry, pool: pg.Pool): void {
  new Gauge({
    name: 'orgraph_db_pool_connections',
    help: 'Connections of this process to PostgreSQL, by state (busy: lent to a statement or a transaction)',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      this.set({ state: 'idle' }, pool.idleCount);
      this.set({ state: 'busy' }, pool.totalCount - pool.idleCount);
    },
  });
  new Gauge({
    name: 'orgraph_db_pool_waiting_requests',
    help: 'Statements and transactions waiting for a free connection',
    registers: [registry],
    collect() {
      this.set(pool.waitingCount);
    },
  });
  new Gauge({
    name: 'orgraph_db_pool_max_connections',
    help: 'Largest number of connections the pool opens (DATABASE_POOL_SIZE)',
    registers: [registry],
    collect() {
      this.set(pool.options.max);
    },
  });
}
