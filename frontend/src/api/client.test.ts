import { afterEach, describe, expect, it, vi } from 'vitest';
import { api, ApiError, formatJoinCode, normalizeJoinCode, readCookie } from './client';

function respond(status: number, body: unknown, headers: Record<string, string> = {}) {
  return new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });
}

afterEach(() => {
  vi.restoreAllMocks();
  document.cookie = 'pb_csrf=; expires=Thu, 01 Jan 1970 00:00:00 GMT';
});

describe('join codes', () => {
  it('formats codes as ABCD-EFGH', () => {
    expect(formatJoinCode('K7MPQ2XR')).toBe('K7MP-Q2XR');
    expect(formatJoinCode('k7mp q2xr')).toBe('K7MP-Q2XR');
  });
  it('normalises what people type or paste', () => {
    expect(normalizeJoinCode(' k7mp-q2xr ')).toBe('K7MPQ2XR');
    expect(normalizeJoinCode('http://192.168.1.20:8080/j/K7MPQ2XR')).toBe('K7MPQ2XR');
  });
});

describe('api client', () => {
  it('reads cookies', () => {
    expect(readCookie('pb_csrf', 'a=1; pb_csrf=abc%3D; b=2')).toBe('abc=');
    expect(readCookie('missing', 'a=1')).toBe('');
  });

  it('sends the CSRF cookie in X-CSRF-Token on state-changing requests', async () => {
    document.cookie = 'pb_csrf=tok123';
    const fetch = vi.spyOn(globalThis, 'fetch').mockResolvedValue(respond(200, { user: { id: '1', email: 'a@b.c', name: 'A' } }));
    await api.login('a@b.c', 'secret-secret');
    const [url, init] = fetch.mock.calls[0];
    expect(url).toBe('/api/auth/login');
    expect(init?.method).toBe('POST');
    expect((init?.headers as Record<string, string>)['X-CSRF-Token']).toBe('tok123');
    expect(JSON.parse(init?.body as string)).toEqual({ email: 'a@b.c', password: 'secret-secret' });
  });

  it('fetches the CSRF cookie first when the page has none', async () => {
    const fetch = vi.spyOn(globalThis, 'fetch').mockImplementation(async (url) => {
      if (url === '/api/setup') {
        document.cookie = 'pb_csrf=fresh';
        return respond(200, { needed: false });
      }
      return respond(204, undefined);
    });
    await api.logout();
    expect(fetch.mock.calls.map((c) => c[0])).toEqual(['/api/setup', '/api/auth/logout']);
    expect((fetch.mock.calls[1][1]?.headers as Record<string, string>)['X-CSRF-Token']).toBe('fresh');
  });

  it('does not send the token on GET', async () => {
    const fetch = vi.spyOn(globalThis, 'fetch').mockResolvedValue(respond(200, { workshops: [] }));
    await api.workshops();
    expect((fetch.mock.calls[0][1]?.headers as Record<string, string>)['X-CSRF-Token']).toBeUndefined();
  });

  it('turns error answers into ApiError with code, field and Retry-After', async () => {
    document.cookie = 'pb_csrf=t';
    vi.spyOn(globalThis, 'fetch').mockResolvedValue(respond(400, { error: { code: 'invalid', message: 'title is required', field: 'title' } }));
    const err = await api.createWorkshop({ title: '', client_company: 'x', industry: '', starts_on: '2026-12-01', ends_on: '2026-12-02', language: 'zh-CN', groups: 6 }).catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 400, code: 'invalid', field: 'title' });

    vi.spyOn(globalThis, 'fetch').mockResolvedValue(respond(429, { error: { code: 'rate_limited', message: 'slow' } }, { 'Retry-After': '7' }));
    const limited = await api.joinInfo('K7MPQ2XR').catch((e) => e);
    expect(limited).toMatchObject({ status: 429, code: 'rate_limited', retryAfter: 7 });
  });

  it('reports a network failure as code network', async () => {
    vi.spyOn(globalThis, 'fetch').mockRejectedValue(new TypeError('Failed to fetch'));
    await expect(api.me()).rejects.toMatchObject({ code: 'network', status: 0 });
  });

  it('encodes path parameters', async () => {
    const fetch = vi.spyOn(globalThis, 'fetch').mockResolvedValue(respond(200, {}));
    await api.participantView('a/b');
    expect(fetch.mock.calls[0][0]).toBe('/api/p/a%2Fb');
  });
});
