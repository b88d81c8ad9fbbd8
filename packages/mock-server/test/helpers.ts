import { DEMO_USERS, exampleGenerateBody, type MockServer } from '../src/index.js';

export const ALPHA = DEMO_USERS[0]!;
export const BETA = DEMO_USERS[1]!;
export const GAMMA = DEMO_USERS[2]!;

export interface JsonResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export async function call<T = any>(
  mock: MockServer,
  method: string,
  path: string,
  init: { json?: unknown; token?: string; headers?: Record<string, string>; body?: BodyInit } = {},
): Promise<JsonResponse<T>> {
  const headers: Record<string, string> = { ...init.headers };
  if (init.token !== undefined) headers.authorization = `JWT ${init.token}`;
  let body = init.body;
  if (init.json !== undefined) {
    headers['content-type'] ??= 'application/json';
    body = JSON.stringify(init.json);
  }
  const res = await fetch(`${mock.url}${path}`, { method, headers, body });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // keep the raw text (HTML pages, empty bodies)
  }
  return { status: res.status, headers: res.headers, body: parsed as T };
}

export async function login(
  mock: MockServer,
  user: { username: string; password: string } = ALPHA,
): Promise<string> {
  const res = await call(mock, 'POST', '/api/v1/token-auth/', {
    json: { username: user.username, password: user.password },
  });
  if (res.status !== 200) throw new Error(`login failed with ${res.status}`);
  return res.body.token as string;
}

let documentCounter = 0;
/** The day of the reference's examples (05/03/2025, IST), the document date of {@link generateBody}. */
const REFERENCE_DAY_MS = Date.parse('2025-03-05T11:20:00+05:30');

/**
 * The made-up generate request of https://docs.mastersindia.co/eway/generate-e-way-bill (the
 * mock's {@link exampleGenerateBody} for alpha, dated 05/03/2025) with a fresh document number,
 * plus `overrides`.
 */
export function generateBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  documentCounter += 1;
  const documentNumber = `SIM/24-25/${String(documentCounter).padStart(4, '0')}`;
  return {
    ...exampleGenerateBody(documentNumber, ALPHA.gstins[0], REFERENCE_DAY_MS),
    ...overrides,
  };
}

export function nicEnvelope(code: string, text: string) {
  return {
    results: { message: `${code}: ${text}`, status: 'No Content', code: 204, nic_code: code },
  };
}
