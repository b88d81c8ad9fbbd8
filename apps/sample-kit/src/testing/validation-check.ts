import { exampleGenerateBody } from '@mastersfetch/mock-server';
import { expect } from 'vitest';

interface Answer {
  status: number;
  body: { error?: unknown; message?: unknown; fields?: { path: string; message: string }[] };
}

/**
 * The 400 answers of a running sample app for bodies `@mastersfetch/ewaybill` rejects
 * (docs/ARCHITECTURE.md §10 and §11): `{ error: 'bad_request', message, fields }` where `fields`
 * lists every rejected field as `{ path, message }`, with the package's dotted paths
 * (`itemList.0.hsn_code`), `''` for a body that is not an object, and `eway_bill_number` for a
 * bad EWB number in the URL. With `apiCalls` (the mock's counter), also checks that nothing
 * reached Masters India.
 *
 * @param baseUrl - The app's URL, e.g. `http://127.0.0.1:3001`.
 * @param gstin - The default tenant's GSTIN (the generate body's consignor).
 * @param apiCalls - Reads the mock's `stats().apiCalls`, when the test can see the mock.
 */
export async function expectFieldErrors(
  baseUrl: string,
  gstin: string,
  apiCalls?: () => number,
): Promise<void> {
  const before = apiCalls?.();
  const send = async (method: string, path: string, body: unknown): Promise<Answer> => {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as Answer['body'] };
  };
  const paths = (answer: Answer): string[] => {
    expect(answer).toMatchObject({
      status: 400,
      body: { error: 'bad_request', message: expect.any(String), fields: expect.any(Array) },
    });
    for (const field of answer.body.fields ?? []) {
      expect(field).toEqual({ path: expect.any(String), message: expect.any(String) });
    }
    return (answer.body.fields ?? []).map((f) => f.path);
  };

  const valid = exampleGenerateBody('FIELDS-1', gstin);
  const item = (valid.itemList as Record<string, unknown>[])[0];
  const generate = await send('POST', '/ewaybills', {
    ...valid,
    document_date: '2025-03-05',
    itemList: [{ ...item, hsn_code: 'x' }],
  });
  expect(paths(generate)).toEqual(expect.arrayContaining(['document_date', 'itemList.0.hsn_code']));

  const partB = await send('PATCH', '/ewaybills/351000000001/vehicle', { mode_of_transport: 1 });
  expect(paths(partB)).toEqual(
    expect.arrayContaining(['place_of_consignor', 'reason_code_for_vehicle_updation']),
  );

  const notAnObject = await send('POST', '/ewaybills/351000000001/cancel', ['Duplicate']);
  expect(paths(notAnObject)).toEqual(['']);

  const badNumber = await send('GET', '/ewaybills/12345', undefined);
  expect(paths(badNumber)).toEqual(['eway_bill_number']);

  if (apiCalls) expect(apiCalls()).toBe(before);
}
