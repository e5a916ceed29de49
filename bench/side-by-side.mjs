// Loads several servers with the same org-page query, one after the other, in several runs, and
// prints their figures as ratios to the first (the one-statement limit). Before timing a server,
// its answer must equal the first server's (after normalisation): same rows, same work.
//
//   node side-by-side.mjs --db URL --pgpid PID --runs 3 --duration 15 --warmup 3 --connections 10 \
//     --header 'authorization: Bearer …' name=URL,pid=PID,query=FILE,normalize=EXPORT ...
//
// normalize=EXPORT names a function of org-page/normalize.mjs. Per server and run: req/s, p50 and
// p99 latency (autocannon, closed loop), SQL statements and BEGINs per request (pg_stat_statements
// over --probe serial requests), the server's CPU per request and peak RSS (/proc), the cluster's
// CPU per request, and the CPU other processes used meanwhile (this machine is shared).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isDeepStrictEqual, parseArgs } from 'node:util';
import autocannon from 'autocannon';
import pg from 'pg';
import * as normalizers from './org-page/normalize.mjs';

const { values: opt, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    db: { type: 'string' },
    pgpid: { type: 'string' },
    runs: { type: 'string', default: '3' },
    duration: { type: 'string', default: '15' },
    warmup: { type: 'string', default: '3' },
    connections: { type: 'string', default: '10' },
    probe: { type: 'string', default: '20' },
    settle: { type: 'string', default: '5' },
    header: { type: 'string', multiple: true, default: [] },
    out: { type: 'string' },
  },
});

const headers = { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' };
for (const header of opt.header) {
  const colon = header.indexOf(':');
  headers[header.slice(0, colon).trim().toLowerCase()] = header.slice(colon + 1).trim();
}

const targets = positionals.map((spec) => {
  const [name, rest] = spec.split(/=(.*)/s);
  const [url, ...extras] = rest.split(',');
  const get = (key) => extras.find((e) => e.startsWith(`${key}=`))?.slice(key.length + 1);
  const query = readFileSync(new URL(get('query'), import.meta.url), 'utf8');
  return { name, url, pid: Number(get('pid')), body: JSON.stringify({ query }), normalize: normalizers[get('normalize')] };
});

async function post(url, body) {
  const response = await fetch(url, { method: 'POST', headers, body });
  const text = await response.text();
  return { status: response.status, bytes: Buffer.byteLength(text), json: JSON.parse(text) };
}

const stat = (pid) => readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
/** CPU seconds (user + system) a process used so far. */
const cpuSeconds = (pid) => {
  const f = stat(pid);
  return (Number(f[11]) + Number(f[12])) / 100;
};
/** Peak resident memory of a process so far (VmHWM), MiB. */
const peakRssMiB = (pid) => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;
/** CPU seconds of the PostgreSQL cluster: the postmaster, its reaped children and its live ones. */
function clusterCpuSeconds(postmaster) {
  const own = stat(postmaster);
  let total = (Number(own[11]) + Number(own[12]) + Number(own[13]) + Number(own[14])) / 100;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const f = stat(entry);
      if (Number(f[1]) === postmaster) total += (Number(f[11]) + Number(f[12])) / 100;
    } catch {
      // the process ended meanwhile
    }
  }
  return total;
}
/** Busy CPU seconds of the whole machine. */
function machineBusySeconds() {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  return (f.reduce((a, b) => a + b, 0) - f[3] - f[4]) / 100;
}

/** Statements per request from pg_stat_statements over `n` serial requests. */
async function statementsPerRequest(target, n) {
  const client = new pg.Client({ connectionString: opt.db });
  await client.connect();
  try {
    await client.query('SELECT pg_stat_statements_reset()');
    for (let i = 0; i < n; i++) await post(target.url, target.body);
    const { rows } = await client.query(`SELECT query, calls::int AS calls FROM pg_stat_statements
      WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) AND query NOT ILIKE '%pg_stat_statements%'`);
    const count = (pattern) => rows.filter((r) => pattern.test(r.query.trim())).reduce((sum, r) => sum + r.calls, 0) / n;
    return { statements: count(/./), begins: count(/^(begin|start transaction)/i), list: rows.map((r) => `${(r.calls / n).toFixed(2)} × ${r.query.replace(/\s+/g, ' ').slice(0, 160)}`) };
  } finally {
    await client.end();
  }
}

const load = (target, seconds) =>
  autocannon({ url: target.url, method: 'POST', headers, body: target.body, connections: Number(opt.connections), duration: Number(seconds) });

async function measure(target, reference) {
  const first = await post(target.url, target.body);
  if (first.status !== 200 || first.json.errors) throw new Error(`${target.name}: HTTP ${first.status} ${JSON.stringify(first.json.errors ?? first.json).slice(0, 500)}`);
  const answer = target.normalize(first.json.data);
  if (reference !== undefined && !isDeepStrictEqual(answer, reference)) throw new Error(`${target.name}: its answer differs from ${targets[0].name}'s: not the same work`);
  const sql = await statementsPerRequest(target, Number(opt.probe));
  await load(target, opt.warmup);
  const postmaster = Number(opt.pgpid);
  const before = { cpu: cpuSeconds(target.pid), pg: clusterCpuSeconds(postmaster), machine: machineBusySeconds(), self: process.cpuUsage() };
  const result = await load(target, opt.duration);
  const self = process.cpuUsage(before.self);
  const cpu = cpuSeconds(target.pid) - before.cpu;
  const pgCpu = clusterCpuSeconds(postmaster) - before.pg;
  const others = machineBusySeconds() - before.machine - cpu - pgCpu - (self.user + self.system) / 1e6;
  const requests = result.requests.total;
  return {
    answer,
    row: {
      name: target.name,
      reqPerSec: result.requests.average,
      p50: result.latency.p50,
      p99: result.latency.p99,
      statements: sql.statements,
      begins: sql.begins,
      statementList: sql.list,
      cpuMsPerRequest: (cpu * 1000) / requests,
      pgCpuMsPerRequest: (pgCpu * 1000) / requests,
      peakRssMiB: peakRssMiB(target.pid),
      otherCores: others / Number(opt.duration),
      bytes: first.bytes,
      failures: result.non2xx + result.errors + result.timeouts,
    },
  };
}

const runs = [];
for (let run = 1; run <= Number(opt.runs); run++) {
  const rows = [];
  let reference;
  for (const target of targets) {
    // Let the previous server finish what was in flight, so it neither counts here nor competes for the cores.
    if (rows.length) await new Promise((resolve) => setTimeout(resolve, Number(opt.settle) * 1000));
    const { answer, row } = await measure(target, reference);
    reference ??= answer;
    rows.push(row);
    console.error(`run ${run} ${row.name}: ${row.reqPerSec.toFixed(1)} req/s, p50 ${row.p50} ms, p99 ${row.p99} ms`);
  }
  runs.push(rows);
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const f = (v, digits = 1) => Number(v).toFixed(digits);
const ratio = (rows, name) => rows.find((r) => r.name === name).reqPerSec / rows[0].reqPerSec;

console.log(`\n${opt.connections} connections, ${opt.duration} s measured after ${opt.warmup} s of warm-up, ${runs.length} runs; answers checked equal before timing.\n`);
console.log(`Per run: req/s · p50 · p99 ms · **req/s ratio to ${targets[0].name}** (other processes' CPU, cores)\n`);
console.log(`| server | ${runs.map((_, i) => `run ${i + 1}`).join(' | ')} |`);
console.log(`|---|${runs.map(() => '---').join('|')}|`);
for (const { name } of targets) {
  const cells = runs.map((rows) => {
    const r = rows.find((x) => x.name === name);
    return `${f(r.reqPerSec)} · ${r.p50} · ${r.p99} · **${f(ratio(rows, name), 3)}** (${f(r.otherCores, 2)})`;
  });
  console.log(`| ${name} | ${cells.join(' | ')} |`);
}
console.log(`\nMedians over the runs:\n`);
console.log(`| server | req/s ratio to ${targets[0].name} | p50 / p99 ms | SQL statements per request | BEGINs per request | server CPU per request | database CPU per request | peak RSS | failed requests |`);
console.log('|---|---|---|---|---|---|---|---|---|');
const summary = {};
for (const { name } of targets) {
  const rows = runs.map((x) => x.find((r) => r.name === name));
  const m = (key) => median(rows.map((r) => r[key]));
  summary[name] = { ratio: median(runs.map((x) => ratio(x, name))), p50: m('p50'), p99: m('p99'), statements: m('statements'), begins: m('begins'), cpu: m('cpuMsPerRequest'), pgCpu: m('pgCpuMsPerRequest'), rss: Math.max(...rows.map((r) => r.peakRssMiB)), failures: rows.reduce((a, r) => a + r.failures, 0) };
  const s = summary[name];
  console.log(`| ${name} | **${f(s.ratio, 2)}** | ${f(s.p50, 0)} / ${f(s.p99, 0)} | ${f(s.statements, 2)} | ${f(s.begins, 2)} | ${f(s.cpu, 1)} ms | ${f(s.pgCpu, 1)} ms | ${f(s.rss, 0)} MiB | ${s.failures} |`);
}
for (const { name } of targets) console.log(`\nStatements of one ${name} request (run ${runs.length}):\n${runs.at(-1).find((r) => r.name === name).statementList.map((s) => `    ${s}`).join('\n')}`);

// The goals of the org page (issue 8), checked against this run's medians.
const { orgraph: o, postgraphile: p } = summary;
if (o && p) {
  const goals = [
    ['throughput at least PostGraphile\'s', o.ratio >= p.ratio],
    ['at least 0.6× the one-statement limit', o.ratio >= 0.6],
    ['p99 at most PostGraphile\'s', o.p99 <= p.p99],
    ['at most 4 SQL statements per request', o.statements <= 4],
    ['no transaction for a read', o.begins === 0],
    ['server CPU per request at most 15 ms', o.cpu <= 15],
    ['peak RSS at most 300 MiB', o.rss <= 300],
  ];
  console.log(`\nOrgraph against the goals:\n${goals.map(([goal, met]) => `  ${met ? 'met   ' : 'MISSED'} ${goal}`).join('\n')}`);
}
if (opt.out) writeFileSync(opt.out, JSON.stringify({ options: opt, runs, summary }, null, 2));
if (Object.values(summary).some((s) => s.failures > 0)) process.exitCode = 1;
