import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_USERS, type MockServer } from '@mastersfetch/mock-server';
import { Harness } from '../../test/helpers.js';
import { MastersClientClosedError, MastersConfigError } from '../errors.js';
import type { Credentials, MastersClient, MastersFetch } from '../types.js';
import { bindRequests, isMastersClient, type ResolveCredentials } from './bind-requests.js';

const alpha = DEMO_USERS[0]!;
const beta = DEMO_USERS[1]!;
const alphaCredentials: Credentials = { username: alpha.username, password: alpha.password };
const betaCredentials: Credentials = { username: beta.username, password: beta.password };
const LOOKUP_PATH = '/api/v1/getEwayBillData/';
const lookup = (gstin: string): string =>
  `api/v1/getEwayBillData/?action=GetGSTINDetails&userGstin=${gstin}&gstin=${gstin}`;

/** A request as an adapter sees it: a header bag plus the `mastersFetch` the binding defines. */
type FakeRequest = { headers: Record<string, string>; mastersFetch?: MastersFetch };

const h = new Harness();
let mock: MockServer;
beforeEach(async () => {
  mock = (await h.start()).mock;
});
afterEach(() => h.close());

const client = (credentials: Credentials | undefined = alphaCredentials): MastersClient =>
  h.client({ credentials });

/** Upstream API calls (not logins), as the user the mock authenticated. */
function apiCallers(): (string | undefined)[] {
  return mock
    .requests()
    .filter((r) => r.path === LOOKUP_PATH)
    .map((r) => r.username);
}

/** Logins the mock answered, per username. */
function loginsPerUser(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of mock.requests()) {
    if (r.path === '/api/v1/token-auth/' && r.username) {
      counts[r.username] = (counts[r.username] ?? 0) + 1;
    }
  }
  return counts;
}

function attached(
  resolveCredentials: ResolveCredentials<FakeRequest> | undefined,
  defaults: Credentials | undefined = alphaCredentials,
): (headers?: Record<string, string>) => FakeRequest {
  const binding = bindRequests<FakeRequest>(client(defaults), { resolveCredentials });
  return (headers = {}) => {
    const req: FakeRequest = { headers };
    binding.attach(req, req, undefined);
    return req;
  };
}

describe('bindRequests', () => {
  it('defines one shared, non-enumerable getter that builds the value once, on first read', () => {
    let calls = 0;
    const binding = bindRequests<FakeRequest>(client(), {
      resolveCredentials: () => {
        calls += 1;
        return undefined;
      },
    });
    const a: FakeRequest = { headers: {} };
    const b: FakeRequest = { headers: {} };
    expect(binding.attach(a, a, undefined)).toBe(true);
    expect(binding.attach(b, b, undefined)).toBe(true);
    const descriptor = Object.getOwnPropertyDescriptor(a, 'mastersFetch');
    expect(descriptor?.enumerable).toBe(false);
    expect(descriptor?.get).toBe(Object.getOwnPropertyDescriptor(b, 'mastersFetch')?.get);
    expect(Object.keys({ ...a })).toEqual(['headers']);
    expect(calls).toBe(0);
    expect(a.mastersFetch).toBe(a.mastersFetch);
    expect(a.mastersFetch).toBe(binding.client.mastersFetch); // no response: no disconnect wrapper
    expect(calls).toBe(1);
  });

  it('attaches once per target: a second attach (any binding) changes nothing', () => {
    const first = bindRequests<FakeRequest>(client());
    const second = bindRequests<FakeRequest>(client(betaCredentials));
    const req: FakeRequest = { headers: {} };
    const state = {};
    expect(first.attach(req, req, undefined, state)).toBe(true);
    expect(second.attach(req, req, undefined)).toBe(false);
    expect(req.mastersFetch).toBe(first.client.mastersFetch);
    expect((state as FakeRequest).mastersFetch).toBe(req.mastersFetch);
    const replacement = second.client.mastersFetch;
    req.mastersFetch = replacement;
    expect((state as FakeRequest).mastersFetch).toBe(replacement);
  });

  it('never logs in for requests that do not read mastersFetch', async () => {
    const request = attached(() => betaCredentials);
    for (let i = 0; i < 5; i++) request();
    await new Promise((resolve) => setImmediate(resolve));
    expect(mock.stats().logins).toBe(0);
  });

  it('acts as the tenant of a sync or async resolver; undefined (sync or async) is the default', async () => {
    const tenants: Record<string, Credentials> = { a: alphaCredentials, b: betaCredentials };
    const request = attached((req) => {
      const picked = tenants[req.headers['x-tenant'] ?? ''];
      return req.headers['x-async'] === '1' ? Promise.resolve(picked) : picked;
    }, alphaCredentials);
    const calls = [
      { tenant: 'b', async: '0', user: beta },
      { tenant: 'b', async: '1', user: beta },
      { tenant: '', async: '0', user: alpha },
      { tenant: '', async: '1', user: alpha },
      { tenant: 'a', async: '1', user: alpha },
    ];
    for (const call of calls) {
      const req = request({ 'x-tenant': call.tenant, 'x-async': call.async });
      await req.mastersFetch!.get(lookup(call.user.gstins[0]!));
    }
    expect(apiCallers()).toEqual(calls.map((call) => call.user.username));
    // The default identity and alpha-as-tenant are the same key: one login each per user.
    expect(loginsPerUser()).toEqual({ [alpha.username]: 1, [beta.username]: 1 });
  });

  it("rejects every call with a throwing or rejecting resolver's own error, at once", async () => {
    const failure = Object.assign(new Error('unknown tenant'), { status: 400 });
    for (const resolver of [
      () => {
        throw failure;
      },
      () => Promise.reject(failure),
    ]) {
      let calls = 0;
      const request = attached(() => {
        calls += 1;
        return resolver();
      });
      const req = request();
      const fetch = req.mastersFetch!;
      let retries = 0;
      const hooks = { beforeRetry: [() => void (retries += 1)] };
      await expect(fetch.get(lookup(alpha.gstins[0]!), { hooks })).rejects.toBe(failure);
      await expect(fetch.get(lookup(alpha.gstins[0]!), { hooks })).rejects.toBe(failure);
      expect(calls).toBe(1);
      expect(retries).toBe(0); // ky would retry a GET twice (about 0.9 s) for a plain Error
    }
    expect(mock.stats().apiCalls).toBe(0);
    expect(mock.stats().logins).toBe(0);
  });

  it('leaves no unhandled rejection when a failed resolution is read but never called', async () => {
    const request = attached(() => Promise.reject(new Error('no tenant')));
    void request().mastersFetch;
    // vitest fails the run on an unhandled rejection; give it the turns to surface.
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(mock.stats().logins).toBe(0);
  });

  it('turns a non-Error throw into MastersConfigError naming resolveCredentials', async () => {
    const request = attached(() => Promise.reject('nope' as unknown as Error));
    const error = await request()
      .mastersFetch!.get(lookup(alpha.gstins[0]!))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MastersConfigError);
    expect(error).toMatchObject({ option: 'resolveCredentials' });
  });

  it('rejects credentials of the wrong shape with MastersConfigError naming the field', async () => {
    for (const bad of [{ username: alpha.username }, Promise.resolve({ username: '' })]) {
      const request = attached(() => bad as never);
      const error = await request()
        .mastersFetch!.get(lookup(alpha.gstins[0]!))
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MastersConfigError);
      expect((error as MastersConfigError).option).toMatch(/^credentials\.(username|password)$/);
      expect(String((error as Error).message)).not.toContain(alpha.password);
    }
    expect(mock.stats().logins).toBe(0);
  });

  it('rejects calls with MastersClientClosedError after close(), whatever the resolver', async () => {
    const binding = bindRequests<FakeRequest>(client(), {
      resolveCredentials: () => Promise.resolve(betaCredentials),
    });
    await binding.client.close();
    const req: FakeRequest = { headers: {} };
    binding.attach(req, req, undefined);
    await expect(req.mastersFetch!.get(lookup(beta.gstins[0]!))).rejects.toBeInstanceOf(
      MastersClientClosedError,
    );
  });

  it('accepts client options, a client or { client }, and validates once at bind time', () => {
    const existing = client();
    const fromOptions = bindRequests({ baseUrl: mock.url, credentials: alphaCredentials });
    h.clients.push(fromOptions.client);
    expect(isMastersClient(fromOptions.client)).toBe(true);
    expect(bindRequests(existing).client).toBe(existing);
    expect(bindRequests({ client: existing, resolveCredentials: () => undefined }).client).toBe(
      existing,
    );
    const fails = (run: () => unknown, option: string): void => {
      expect(run).toThrow(MastersConfigError);
      expect(run).toThrow(`Invalid option \`${option}`);
    };
    fails(() => bindRequests(undefined as never), 'options');
    fails(() => bindRequests({ client: {} } as never), 'client');
    fails(() => bindRequests(existing, { resolveCredentials: 'x' as never }), 'resolveCredentials');
    fails(
      () => bindRequests(existing, { resolveCredential: () => undefined } as never),
      'resolveCredential',
    );
    fails(() => bindRequests({ baseUrl: mock.url, timeout: 1 } as never), 'timeout');
    expect(isMastersClient({ forCredentials() {} })).toBe(false);
    expect(isMastersClient(null)).toBe(false);
  });
});
