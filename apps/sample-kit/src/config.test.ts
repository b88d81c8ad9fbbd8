import { DEMO_USERS } from '@mastersfetch/mock-server';
import { afterEach, describe, expect, it } from 'vitest';
import { loadSampleConfig, type SampleConfig } from './config.js';

const base = { appName: 'test-app', defaultPort: 3001 };
const real = {
  MASTERS_INDIA_BASE_URL: 'https://sandb-api.mastersindia.co/',
  MASTERS_INDIA_USERNAME: 'erp@example.test',
  MASTERS_INDIA_PASSWORD: 'top-secret-pass',
  MASTERS_INDIA_GSTIN: '05aaaaa0000a1z8',
};

async function rejection(env: NodeJS.ProcessEnv): Promise<Error> {
  const error = await loadSampleConfig({ ...base, env }).then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(error).toBeInstanceOf(Error);
  return error as Error;
}

describe('loadSampleConfig (connection variables set)', () => {
  it('reads base URL, credentials, GSTIN and port', async () => {
    const config = await loadSampleConfig({ ...base, env: { ...real, PORT: '0' } });
    expect(config.port).toBe(0);
    expect(config.clientOptions).toEqual({
      baseUrl: 'https://sandb-api.mastersindia.co',
      credentials: { username: 'erp@example.test', password: 'top-secret-pass' },
    });
    expect(config.defaultGstin).toBe('05AAAAA0000A1Z8');
    expect(config.tenants.size).toBe(0);
    expect(config.embeddedMock).toBeUndefined();
    await config.close();
  });

  it('uses the default port, an environment and an API key', async () => {
    const config = await loadSampleConfig({
      ...base,
      env: {
        MASTERS_INDIA_ENV: 'production',
        MASTERS_INDIA_API_KEY: 'k-123',
        MASTERS_INDIA_GSTIN: '05AAAAA0000A1Z8',
      },
    });
    expect(config.port).toBe(3001);
    expect(config.clientOptions).toEqual({
      environment: 'production',
      credentials: { apiKey: 'k-123' },
    });
  });

  it('parses tenants and takes the first one as default GSTIN and identity when nothing else is set', async () => {
    const tenants = {
      '27bbbbb1111b1zn': { username: 'b@example.test', password: 'b-pass' },
      '09CCCCC2222C1Z6': { apiKey: 'c-key' },
    };
    const config = await loadSampleConfig({
      ...base,
      env: { MASTERS_INDIA_ENV: 'sandbox', MASTERS_INDIA_TENANTS: JSON.stringify(tenants) },
    });
    expect(config.defaultGstin).toBe('27BBBBB1111B1ZN');
    expect(config.clientOptions.credentials).toEqual({
      username: 'b@example.test',
      password: 'b-pass',
    });
    expect([...config.tenants.entries()]).toEqual([
      ['27BBBBB1111B1ZN', { username: 'b@example.test', password: 'b-pass' }],
      ['09CCCCC2222C1Z6', { apiKey: 'c-key' }],
    ]);
  });

  it.each([
    [{ ...real, PORT: 'abc' }, 'PORT'],
    [{ ...real, PORT: '70000' }, 'PORT'],
    [{ ...real, MASTERS_INDIA_ENV: 'sandbox' }, 'MASTERS_INDIA_ENV'],
    [
      { ...real, MASTERS_INDIA_BASE_URL: undefined, MASTERS_INDIA_ENV: 'staging' },
      'MASTERS_INDIA_ENV',
    ],
    [{ ...real, MASTERS_INDIA_BASE_URL: undefined }, 'MASTERS_INDIA_ENV'],
    [{ ...real, MASTERS_INDIA_BASE_URL: 'not a url' }, 'MASTERS_INDIA_BASE_URL'],
    [{ ...real, MASTERS_INDIA_PASSWORD: undefined }, 'MASTERS_INDIA_PASSWORD'],
    [{ ...real, MASTERS_INDIA_USERNAME: '  ' }, 'MASTERS_INDIA_USERNAME'],
    [{ ...real, MASTERS_INDIA_API_KEY: 'k-123' }, 'MASTERS_INDIA_API_KEY'],
    [{ ...real, MASTERS_INDIA_GSTIN: undefined }, 'MASTERS_INDIA_GSTIN'],
    [{ ...real, MASTERS_INDIA_GSTIN: '05AAAA' }, 'MASTERS_INDIA_GSTIN'],
    [{ ...real, MASTERS_INDIA_TENANTS: '[1]' }, 'MASTERS_INDIA_TENANTS'],
    [{ ...real, MASTERS_INDIA_TENANTS: '{"bad": {}}' }, 'MASTERS_INDIA_TENANTS'],
    [
      { ...real, MASTERS_INDIA_TENANTS: '{"05AAAAA0000A1Z8": {"username": "u"}}' },
      'MASTERS_INDIA_TENANTS',
    ],
  ])('rejects invalid configuration %# naming %s', async (env, variable) => {
    const error = await rejection(env);
    expect(error.message).toContain(variable);
    expect(error.message).not.toContain('top-secret-pass');
  });

  it('never echoes a secret from malformed MASTERS_INDIA_TENANTS JSON', async () => {
    const error = await rejection({
      ...real,
      MASTERS_INDIA_TENANTS: '{"05AAAAA0000A1Z8": {"password": "leaky-pass"',
    });
    expect(error.message).toContain('MASTERS_INDIA_TENANTS');
    expect(error.message).toContain('not valid JSON');
    expect(error.message).not.toContain('leaky-pass');
  });
});

describe('loadSampleConfig (no connection variables)', () => {
  let config: SampleConfig | undefined;
  afterEach(async () => {
    await config?.close();
    config = undefined;
  });

  it('starts the mock in-process with DEMO_USERS and logs it without a password', async () => {
    const lines: string[] = [];
    config = await loadSampleConfig({
      ...base,
      env: { PORT: '0' },
      logger: (line) => lines.push(line),
    });
    const [first] = DEMO_USERS;
    const mock = config.embeddedMock;
    expect(mock?.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(config.clientOptions).toEqual({
      baseUrl: mock?.url,
      credentials: { username: first?.username, password: first?.password },
    });
    expect(config.defaultGstin).toBe(first?.gstins[0]);
    for (const user of DEMO_USERS) {
      for (const gstin of user.gstins) {
        expect(config.tenants.get(gstin)).toEqual({
          username: user.username,
          password: user.password,
        });
      }
    }
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(mock?.url);
    expect(lines[0]).toContain(first?.username);
    for (const user of DEMO_USERS) expect(lines[0]).not.toContain(user.password);

    const response = await fetch(`${mock?.url}/api/v1/token-auth/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: first?.username, password: first?.password }),
    });
    expect(response.status).toBe(200);
  });

  it('close() stops the embedded mock', async () => {
    config = await loadSampleConfig({ ...base, env: {}, logger: () => {} });
    const url = config.embeddedMock?.url;
    await config.close();
    await config.close();
    await expect(fetch(`${url}/api/v1/token-auth/`, { method: 'POST' })).rejects.toThrow();
  });
});
