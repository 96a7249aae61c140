import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PAIR_MESSAGES, normaliseServerAddress, pair, type PairResult } from './pairing.ts';
import { sampleConfig, startTestServer, type TestServer } from './test-support.ts';

describe('normaliseServerAddress', () => {
  it.each([
    ['192.168.1.10', 'http://192.168.1.10:8080'],
    ['  192.168.1.10:9000 ', 'http://192.168.1.10:9000'],
    ['hall.local', 'http://hall.local:8080'],
    ['Hall.Local:8080/', 'http://hall.local:8080'],
    ['http://192.168.1.10', 'http://192.168.1.10:8080'],
    ['http://192.168.1.10:80', 'http://192.168.1.10'],
    ['HTTP://192.168.1.10:8080/', 'http://192.168.1.10:8080'],
    ['https://hall.example.cn', 'https://hall.example.cn'],
    ['https://hall.example.cn:8443', 'https://hall.example.cn:8443'],
    ['[::1]:8080', 'http://[::1]:8080'],
    ['[fe80::1]', 'http://[fe80::1]:8080'],
    ['localhost:8080', 'http://localhost:8080'],
  ])('%s → %s', (typed, origin) => {
    expect(normaliseServerAddress(typed)).toEqual({ ok: true, origin });
  });

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['ftp://192.168.1.10', 'scheme'],
    ['ws://192.168.1.10:8080', 'scheme'],
    ['file:///etc/passwd', 'scheme'],
    ['javascript:alert(1)', 'scheme'],
    ['192.168.1.10:8080/kiosk', 'path'],
    ['http://192.168.1.10:8080/api', 'path'],
    ['http://192.168.1.10:8080?x=1', 'path'],
    ['http://192.168.1.10:8080#top', 'path'],
    ['http://192.168.1.10:8080\\x', 'path'],
    ['http://admin:pw@192.168.1.10', 'credentials'],
    ['192.168.1.10:99999', 'invalid'],
    ['hall local', 'invalid'],
  ])('refuses %j (%s) with a message in both languages', (typed, problem) => {
    const result = normaliseServerAddress(typed);
    expect(result).toMatchObject({ ok: false, problem });
    if (!result.ok) {
      expect(result.message.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(result.message.en).toMatch(/[a-z]/);
    }
  });
});

describe('pair', () => {
  let server: TestServer;
  const client = { hostname: 'kiosk-pc-1', platform: 'linux', version: '0.1.0' };
  const config = sampleConfig('kiosk', { printerUrl: 'tcp://192.168.1.50:9100' });
  const token = 'x'.repeat(43);

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.close();
  });

  function pairWith(code = '4827-1936', serverUrl = server.url): Promise<PairResult> {
    return pair({ serverUrl, code, client });
  }

  it('sends the code without its dash and the client info; returns token and config', async () => {
    server.answer('POST', '/api/v1/pair', { status: 200, body: { data: { token, config } } });
    const result = await pairWith(' 4827-1936 ');
    expect(result).toEqual({ ok: true, serverUrl: server.url, token, config });
    expect(server.requests.at(-1)).toMatchObject({
      method: 'POST',
      path: '/api/v1/pair',
      auth: null,
      body: { code: '48271936', client },
    });
  });

  it.each([
    [400, 'pairing_code_invalid', 'invalid_code'],
    [404, 'pairing_code_invalid', 'invalid_code'],
    [410, 'pairing_code_expired', 'expired'],
    [400, 'validation', 'invalid_code'],
    [429, 'too_many_attempts', 'too_many_attempts'],
    [429, 'rate_limited', 'too_many_attempts'],
    [500, 'internal', 'server_error'],
    [503, 'unavailable', 'server_error'],
  ] as const)('a %i %s refusal is %s', async (status, code, reason) => {
    server.answer('POST', '/api/v1/pair', {
      status,
      body: { error: { code, message: 'refused' } },
    });
    const result = await pairWith();
    expect(result).toMatchObject({ ok: false, reason, message: PAIR_MESSAGES[reason] });
    expect(result.ok || result.detail).toContain(String(status));
  });

  it('a code that is not 8 digits is refused before anything is sent', async () => {
    const before = server.requests.length;
    expect(await pairWith('1234-567')).toMatchObject({ ok: false, reason: 'invalid_code' });
    expect(await pairWith('abcd-efgh')).toMatchObject({ ok: false, reason: 'invalid_code' });
    expect(server.requests.length).toBe(before);
  });

  it('a bad address is refused with what to type', async () => {
    const result = await pairWith('4827-1936', 'ftp://hall');
    expect(result).toMatchObject({ ok: false, reason: 'invalid_address', detail: 'scheme' });
  });

  it('nothing listening is unreachable, with what to check', async () => {
    const closed = await startTestServer();
    const url = closed.url;
    await closed.close();
    const result = await pairWith('4827-1936', url);
    expect(result).toMatchObject({ ok: false, reason: 'unreachable' });
    if (!result.ok) {
      expect(result.message.zh).toContain('网线');
      expect(result.message.en).toContain('network cable');
      expect(result.detail).toContain(url);
    }
  });

  it('another web service at the address is a bad reply, not a wrong code', async () => {
    server.answer('POST', '/api/v1/pair', { status: 200, raw: '<html>router login</html>' });
    expect(await pairWith()).toMatchObject({ ok: false, reason: 'bad_reply' });
    // An old server without the endpoint: Fastify's 404, not a typed error.
    server.answer('POST', '/api/v1/pair', {
      status: 404,
      body: { message: 'Route POST:/api/v1/pair not found', statusCode: 404 },
    });
    expect(await pairWith()).toMatchObject({ ok: false, reason: 'bad_reply' });
  });

  it('a reply without a token or with an invalid configuration is a bad reply', async () => {
    server.answer('POST', '/api/v1/pair', { status: 200, body: { data: { config } } });
    expect(await pairWith()).toMatchObject({ ok: false, reason: 'bad_reply' });
    server.answer('POST', '/api/v1/pair', {
      status: 200,
      body: { data: { token, config: { ...config, binding: { paper: 66 } } } },
    });
    const result = await pairWith();
    expect(result).toMatchObject({ ok: false, reason: 'bad_reply' });
    expect(result.ok || result.detail).toContain('binding.paper');
  });

  it('every message says what to do in Chinese and in English', () => {
    for (const message of Object.values(PAIR_MESSAGES)) {
      expect(message.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(message.en).toMatch(/^[\x20-\x7e’]+$/);
    }
  });
});
