import type { IncomingMessage } from 'node:http';

/** A request body read into memory, or the reason it was refused. */
export type ReadBodyResult = { ok: true; body: Buffer } | { ok: false; tooLarge: true };

/**
 * Read the whole request body, refusing more than `maxBytes`. An oversized body is still drained
 * (and discarded) so the client can read our 413 instead of seeing a reset connection.
 */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<ReadBodyResult> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        tooLarge = true;
        chunks.length = 0;
        return;
      }
      if (!tooLarge) chunks.push(chunk);
    });
    req.on('end', () => {
      if (tooLarge) resolve({ ok: false, tooLarge: true });
      else resolve({ ok: true, body: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks) });
    });
    req.on('error', reject);
  });
}

/** Outcome of decoding a body by its content type. */
export type ParsedBody =
  { ok: true; fields: Record<string, unknown> } | { ok: false; status: 400 | 415; detail: string };

function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';', 1)[0]!.trim().toLowerCase();
}

/** Decode a JSON object body (business endpoints accept JSON only). */
export function parseJsonBody(body: Buffer, contentType: string | undefined): ParsedBody {
  const type = mediaType(contentType);
  if (type !== 'application/json' && !(type === '' && body.length === 0)) {
    return {
      ok: false,
      status: 415,
      detail: `Unsupported media type "${type || 'none'}" in request. Send application/json.`,
    };
  }
  return parseJsonObject(body);
}

function parseJsonObject(body: Buffer): ParsedBody {
  if (body.length === 0) return { ok: true, fields: {} };
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch (error) {
    return {
      ok: false,
      status: 400,
      detail: `JSON parse error - ${error instanceof Error ? error.message : 'invalid JSON'}`,
    };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, status: 400, detail: 'JSON parse error - expected a JSON object' };
  }
  return { ok: true, fields: value as Record<string, unknown> };
}

/**
 * Decode a token-auth body: JSON, `application/x-www-form-urlencoded` or `multipart/form-data`,
 * all three of which public clients send (docs/ARCHITECTURE.md §13;
 * https://docs.mastersindia.co/masters-india-apis/irn-apis/auth-api says form-data).
 */
export async function parseFormOrJsonBody(
  body: Buffer,
  contentType: string | undefined,
): Promise<ParsedBody> {
  const type = mediaType(contentType);
  if (type === 'application/json') return parseJsonObject(body);
  if (type === 'application/x-www-form-urlencoded') {
    return { ok: true, fields: Object.fromEntries(new URLSearchParams(body.toString('utf8'))) };
  }
  if (type === 'multipart/form-data') {
    try {
      // The WHATWG Request parser (undici, built into Node) understands multipart boundaries.
      const form = await new Request('http://mock.invalid/', {
        method: 'POST',
        headers: { 'content-type': contentType ?? '' },
        body: new Uint8Array(body),
      }).formData();
      const fields: Record<string, unknown> = {};
      for (const [name, value] of form.entries()) {
        if (typeof value === 'string') fields[name] = value;
      }
      return { ok: true, fields };
    } catch {
      return { ok: false, status: 400, detail: 'Multipart form parse error - invalid body' };
    }
  }
  if (type === '' && body.length === 0) return { ok: true, fields: {} };
  return {
    ok: false,
    status: 415,
    detail: `Unsupported media type "${type || 'none'}" in request.`,
  };
}
