// Session cookies and CSRF (D7): HttpOnly, SameSite=Lax, Secure only over HTTPS as told by a
// trusted proxy, SameSite=None forcing Secure, cleared with the attributes they were set with,
// and cookie-authenticated writes refused from other sites.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, login, type LoginResult } from '../helpers/auth.js';
import { databaseKinds } from '../helpers/databases.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const ENV = { LANGFLOW_AUTO_LOGIN: 'false', LANGFLOW_SUPERUSER: 'admin', LANGFLOW_SUPERUSER_PASSWORD: 'admin-password-1' };
const EVIL = 'https://evil.example';

interface ParsedCookie {
  name: string;
  value: string;
  attributes: Map<string, string>;
}

function parseSetCookie(header: string): ParsedCookie {
  const [pair, ...rest] = header.split(';').map((part) => part.trim());
  const eq = pair.indexOf('=');
  const attributes = new Map(rest.map((part) => {
    const i = part.indexOf('=');
    return i < 0 ? [part.toLowerCase(), ''] : [part.slice(0, i).toLowerCase(), part.slice(i + 1)];
  }));
  return { name: pair.slice(0, eq), value: pair.slice(eq + 1), attributes };
}

function cookiesOf(setCookies: string[]): Map<string, ParsedCookie> {
  return new Map(setCookies.map(parseSetCookie).map((c) => [c.name, c]));
}

/** The attributes that must match for a browser to replace (and so delete) a cookie. */
function identity(cookie: ParsedCookie) {
  const a = cookie.attributes;
  return { path: a.get('path'), domain: a.get('domain'), secure: a.has('secure'), httponly: a.has('httponly'), samesite: a.get('samesite') };
}

describe.each(databaseKinds())('cookies and CSRF on $kind', (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind, { env: ENV });
  });
  afterAll(() => server?.close());

  async function signedIn(headers: Record<string, string> = {}): Promise<LoginResult & { userId: string }> {
    const user = await createUser(server);
    const result = await login(server, user.username, user.password, headers);
    expect(result.status).toBe(200);
    return { ...result, userId: user.id };
  }

  it('sets HttpOnly, SameSite=Lax, not Secure over plain HTTP', async () => {
    const { setCookies } = await signedIn();
    const cookies = cookiesOf(setCookies);
    const access = cookies.get('access_token_lf')!;
    const refresh = cookies.get('refresh_token_lf')!;
    for (const cookie of [access, refresh]) {
      expect(identity(cookie)).toEqual({ path: '/', domain: undefined, secure: false, httponly: true, samesite: 'Lax' });
    }
    expect(access.attributes.get('max-age')).toBe('3600');
    expect(refresh.attributes.get('max-age')).toBe('604800');
    // Langflow's Store-key cookie: present, empty, not readable by scripts, ends with the browser session.
    const apiKey = cookies.get('apikey_tkn_lflw')!;
    expect(apiKey.value).toBe('');
    expect(apiKey.attributes.has('httponly')).toBe(true);
    expect(apiKey.attributes.has('max-age')).toBe(false);
  });

  it('ignores X-Forwarded-Proto from a peer that is not a trusted proxy', async () => {
    const { setCookies } = await signedIn({ 'x-forwarded-proto': 'https' });
    for (const cookie of cookiesOf(setCookies).values()) expect(cookie.attributes.has('secure')).toBe(false);
  });

  it('clears the cookies on logout with the attributes they were set with, and ends the session', async () => {
    const signed = await signedIn();
    const set = cookiesOf(signed.setCookies);
    const response = await fetch(`${server.url}/api/v1/logout`, { method: 'POST', headers: { cookie: signed.cookieHeader } });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ message: 'Logout successful' });
    const cleared = cookiesOf(response.headers.getSetCookie());
    for (const name of ['access_token_lf', 'refresh_token_lf', 'apikey_tkn_lflw']) {
      const cookie = cleared.get(name)!;
      expect(cookie.value).toBe('');
      expect(cookie.attributes.get('max-age')).toBe('0');
      expect(new Date(cookie.attributes.get('expires')!).getTime()).toBe(0);
      expect(identity(cookie)).toEqual(identity(set.get(name)!));
    }
    const after = await fetch(`${server.url}/api/v1/config`, { headers: { cookie: signed.cookieHeader } });
    expect(after.status).toBe(401);
  });

  describe('a cookie-authenticated write', () => {
    const patchOptins = (signed: LoginResult & { userId: string }, headers: Record<string, string>) =>
      fetch(`${server.url}/api/v1/users/${signed.userId}`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json', cookie: signed.cookieHeader, ...headers },
        body: JSON.stringify({ optins: { github_starred: true } }),
      });
    const optinsOf = async (userId: string) =>
      (await server.deps.storage.db.selectFrom('user').select('optins').where('id', '=', userId).executeTakeFirstOrThrow()).optins;

    it('is refused from another origin or another site, and changes nothing', async () => {
      const signed = await signedIn();
      const attempts: Record<string, string>[] = [{ origin: EVIL }, { 'sec-fetch-site': 'cross-site' }, { origin: 'null' }, { 'sec-fetch-site': 'same-site' }];
      for (const headers of attempts) {
        const response = await patchOptins(signed, headers);
        expect(response.status, JSON.stringify(headers)).toBe(403);
        expect(await response.json()).toEqual({ detail: 'Cross-origin request refused' });
      }
      expect(await optinsOf(signed.userId)).toBeNull();
    });

    it('is allowed from the same origin, and from clients that send neither header', async () => {
      const signed = await signedIn();
      expect((await patchOptins(signed, { origin: server.url, 'sec-fetch-site': 'same-origin' })).status).toBe(200);
      expect((await patchOptins(signed, {})).status).toBe(200);
      expect(JSON.parse((await optinsOf(signed.userId))!)).toEqual({ github_starred: true });
    });

    it('does not apply to bearer tokens (a browser never adds them cross-site) nor to reads', async () => {
      const signed = await signedIn();
      const bearer = await fetch(`${server.url}/api/v1/users/${signed.userId}`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${signed.accessToken}`, origin: EVIL },
        body: JSON.stringify({ optins: { dialog_dismissed: true } }),
      });
      expect(bearer.status).toBe(200);
      const read = await fetch(`${server.url}/api/v1/config`, { headers: { cookie: signed.cookieHeader, origin: EVIL, 'sec-fetch-site': 'cross-site' } });
      expect(read.status).toBe(200);
    });

    it('covers logout and refresh by cookie: a cross-site one neither ends nor rotates the session', async () => {
      const signed = await signedIn();
      const headers = { cookie: signed.cookieHeader, origin: EVIL };
      expect((await fetch(`${server.url}/api/v1/logout`, { method: 'POST', headers })).status).toBe(403);
      const refresh = await fetch(`${server.url}/api/v1/refresh`, { method: 'POST', headers });
      expect(refresh.status).toBe(403);
      expect(refresh.headers.getSetCookie()).toEqual([]);
      expect((await fetch(`${server.url}/api/v1/config`, { headers: { cookie: signed.cookieHeader } })).status).toBe(200);
      const sameSite = await fetch(`${server.url}/api/v1/refresh`, { method: 'POST', headers: { cookie: signed.cookieHeader, origin: server.url } });
      expect(sameSite.status).toBe(200);
    });
  });
});

describe.each(databaseKinds())('cookies behind a trusted proxy on $kind', (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind, {
      env: { ...ENV, LANGFLOW_TRUSTED_PROXIES: '127.0.0.1', LANGFLOW_REFRESH_SAME_SITE: 'none' },
    });
  });
  afterAll(() => server?.close());

  it('marks cookies Secure when the trusted proxy says the request was HTTPS', async () => {
    const user = await createUser(server);
    const https = cookiesOf((await login(server, user.username, user.password, { 'x-forwarded-proto': 'https' })).setCookies);
    expect(https.get('access_token_lf')!.attributes.has('secure')).toBe(true);
    expect(https.get('apikey_tkn_lflw')!.attributes.has('secure')).toBe(true);
    const http = cookiesOf((await login(server, user.username, user.password)).setCookies);
    expect(http.get('access_token_lf')!.attributes.has('secure')).toBe(false);
  });

  it('always marks a SameSite=None cookie Secure, since browsers drop it otherwise', async () => {
    const user = await createUser(server);
    const result = await login(server, user.username, user.password);
    const refresh = cookiesOf(result.setCookies).get('refresh_token_lf')!;
    expect(identity(refresh)).toMatchObject({ samesite: 'None', secure: true });
    const logout = await fetch(`${server.url}/api/v1/logout`, { method: 'POST', headers: { cookie: result.cookieHeader } });
    expect(identity(cookiesOf(logout.headers.getSetCookie()).get('refresh_token_lf')!)).toEqual(identity(refresh));
  });
});
