import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { captureLogs } from '../helpers/captured-logs.js';

// LOG_FORMAT and LOG_LEVEL as an operator sets them: JSON lines by default, readable lines for
// people (npm run dev, NODE_ENV=development), and no access lines above info.

describe('LOG_FORMAT and LOG_LEVEL', () => {
  it('default to JSON at info; NODE_ENV=development makes pretty the default; LOG_FORMAT wins', () => {
    expect(loadConfig({}).log).toEqual({ level: 'info', format: 'json' });
    expect(loadConfig({ NODE_ENV: 'production' }).log.format).toBe('json');
    expect(loadConfig({ NODE_ENV: 'development' }).log.format).toBe('pretty');
    expect(loadConfig({ NODE_ENV: 'development', LOG_FORMAT: 'json' }).log.format).toBe('json');
    expect(loadConfig({ LOG_FORMAT: 'pretty', LOG_LEVEL: 'debug' }).log).toEqual({ level: 'debug', format: 'pretty' });
  });

  it('refuse values they do not know, naming the variable', () => {
    expect(() => loadConfig({ LOG_FORMAT: 'xml' })).toThrow(/LOG_FORMAT/);
    expect(() => loadConfig({ LOG_LEVEL: 'verbose' })).toThrow(/LOG_LEVEL/);
  });
});

describe('the logger', () => {
  it('redacts secrets under their usual names should a caller ever log them, at the top or in err or req', () => {
    const logs = captureLogs();
    const err = Object.assign(new Error('careless'), { token: 'tk', headers: { authorization: 'Bearer e' } });
    logs.logger.info(
      { authorization: 'Bearer top', client_secret: 'cs-top', variables: { any: 'v' }, req: { headers: { cookie: 'c' }, password: 'pw' }, err },
      'careless',
    );
    const [entry] = logs.entries();
    expect(entry).toMatchObject({
      authorization: '[redacted]',
      client_secret: '[redacted]',
      variables: '[redacted]',
      req: { headers: '[redacted]', password: '[redacted]' },
      err: { message: 'careless', token: '[redacted]', headers: '[redacted]' },
    });
    for (const secret of ['Bearer top', 'cs-top', '"v"', '"pw"', '"tk"', 'Bearer e']) expect(logs.text()).not.toContain(secret);
  });
});

describe('the app under other log settings', () => {
  const pretty = captureLogs({ level: 'info', format: 'pretty' });
  const quiet = captureLogs({ level: 'warn', format: 'json' });
  let prettyApp: TestApp;
  let quietApp: TestApp;
  beforeAll(async () => {
    prettyApp = await createTestApp({}, { logger: pretty.logger });
    quietApp = await createTestApp({}, { logger: quiet.logger, database: prettyApp.database });
  });
  afterAll(async () => {
    await quietApp.app.dispose();
    await prettyApp.close();
  });

  it('pretty: one human-readable line a request, not JSON, with the same facts', async () => {
    const response = await prettyApp.app.fetch('http://test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'pretty-1' },
      body: JSON.stringify({ query: 'query Pretty { serverInfo { build } }' }),
    });
    expect(response.status).toBe(200);
    expect(pretty.lines).toHaveLength(1);
    const [line] = pretty.lines;
    expect(() => JSON.parse(line!)).toThrow();
    expect(line).toMatch(/^\[\d{2}:\d{2}:\d{2}\.\d{3}\] INFO: request /);
    for (const fact of ['"pretty-1"', '"POST"', '"/graphql"', '"Pretty"', '"anonymous"', '"OK"', '200']) expect(line).toContain(fact);
    expect(line).not.toContain('\x1b['); // no colour codes outside a terminal
  });

  it('LOG_LEVEL=warn: no access lines', async () => {
    const response = await quietApp.app.fetch('http://test/health');
    expect(response.status).toBe(200);
    expect(quiet.lines).toEqual([]);
  });
});
