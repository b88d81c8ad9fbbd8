import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { withClientDisconnect, type ClientResponse } from '../src/index.js';
import { ALPHA_CREDENTIALS, DETAILS_PATH, GSTIN_QUERY, Harness, TOKEN_AUTH } from './helpers.js';

/** A stand-in for this request's `ServerResponse`: only what `withClientDisconnect` reads. */
class FakeResponse extends EventEmitter implements ClientResponse {
  closed = false;
  writableFinished = false;
  /** The HTTP client went away before the response was finished. */
  disconnect(): void {
    this.closed = true;
    this.emit('close');
  }
  /** The response was sent in full, then the socket closed (the normal end). */
  finish(): void {
    this.writableFinished = true;
    this.closed = true;
    this.emit('close');
  }
}

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('withClientDisconnect', () => {
  const h = new Harness();
  afterEach(() => h.close());

  /** Resolves once the mock has received a request to `path` (it may still be answering it). */
  async function onTheWire(path: string): Promise<void> {
    while ((h.mock.stats().byPath[path] ?? 0) === 0) await nextTurn();
  }

  it("aborts only the disconnected request's wait for a token, not the shared login", async () => {
    await h.start();
    h.mock.fault({ path: TOKEN_AUTH, delayMs: 300, times: 1 });
    const client = h.client();
    const leavingResponse = new FakeResponse();
    const leaving = withClientDisconnect(client.mastersFetch, leavingResponse).get(GSTIN_QUERY);
    const staying = withClientDisconnect(client.mastersFetch, new FakeResponse()).get(GSTIN_QUERY);
    await onTheWire(TOKEN_AUTH);
    leavingResponse.disconnect();

    await expect(leaving).rejects.toMatchObject({ name: 'AbortError' });
    expect((await staying).status).toBe(200);
    expect(h.tokenAuthCount()).toBe(1);
    expect(h.mock.requests().filter((r) => r.path === DETAILS_PATH)).toHaveLength(1);
  });

  it('lets an upstream call already sent finish (a generate the server took is not cut off)', async () => {
    await h.start();
    const client = h.client();
    await client.warmUp();
    h.mock.fault({ path: DETAILS_PATH, delayMs: 200, times: 1 });
    const response = new FakeResponse();
    const call = withClientDisconnect(client.mastersFetch, response).get(GSTIN_QUERY);
    await onTheWire(DETAILS_PATH);
    response.disconnect();
    expect((await call).status).toBe(200);
  });

  it('adds no close listener to a request that finds a usable token', async () => {
    await h.start();
    const client = h.client();
    await client.warmUp();
    const response = new FakeResponse();
    const fetch = withClientDisconnect(client.mastersFetch, response);
    await fetch.get(GSTIN_QUERY);
    await fetch.post(GSTIN_QUERY.replace('?', '?x=1&'), { json: { a: 1 } }).catch(() => undefined);
    expect(response.listenerCount('close')).toBe(0);
  });

  it('does nothing when the response closes after it finished (the normal end)', async () => {
    await h.start();
    h.mock.fault({ path: TOKEN_AUTH, delayMs: 200, times: 1 });
    const client = h.client();
    const response = new FakeResponse();
    const call = withClientDisconnect(client.mastersFetch, response).get(GSTIN_QUERY);
    await onTheWire(TOKEN_AUTH);
    response.finish();
    expect((await call).status).toBe(200);
  });

  it('aborts at once when the client left before the call started waiting', async () => {
    await h.start();
    const client = h.client();
    const response = new FakeResponse();
    response.disconnect();
    await expect(
      withClientDisconnect(client.mastersFetch, response).get(GSTIN_QUERY),
    ).rejects.toMatchObject({ name: 'AbortError' });
    // The login it started goes on for the next caller.
    expect((await client.mastersFetch.get(GSTIN_QUERY)).status).toBe(200);
    expect(h.tokenAuthCount()).toBe(1);
  });

  it("keeps the behaviour through extend() and forCredentials instances, and honours the caller's own signal", async () => {
    await h.start();
    h.mock.fault({ path: TOKEN_AUTH, delayMs: 300, times: 1 });
    const client = h.client();
    const response = new FakeResponse();
    const fetch = withClientDisconnect(client.mastersFetch, response);
    const extended = fetch.extend({ headers: { 'x-trace': '1' } }).get(GSTIN_QUERY);
    const tenant = withClientDisconnect(client.forCredentials(ALPHA_CREDENTIALS), response).get(
      GSTIN_QUERY,
    );
    const own = new AbortController();
    const withOwnSignal = fetch.get(GSTIN_QUERY, { signal: own.signal });
    await onTheWire(TOKEN_AUTH);
    // Three waiting calls, two views: one listener per view, whatever the number of calls.
    expect(response.listenerCount('close')).toBe(2);
    own.abort(new Error('caller gave up'));
    await expect(withOwnSignal).rejects.toThrow('caller gave up');
    response.disconnect();
    await expect(extended).rejects.toMatchObject({ name: 'AbortError' });
    await expect(tenant).rejects.toMatchObject({ name: 'AbortError' });
    expect((await client.mastersFetch.get(GSTIN_QUERY)).status).toBe(200);
    expect(h.tokenAuthCount()).toBe(1);
  });
});
