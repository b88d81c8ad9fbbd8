import { DEMO_USERS, type MockServer } from '../src/index.js';

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

/**
 * Our made-up generate request (the fields of
 * https://docs.mastersindia.co/eway/generate-e-way-bill), with a fresh document number.
 */
export function generateBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  documentCounter += 1;
  return {
    userGstin: '05AAAAA0000A1Z8',
    supply_type: 'outward',
    sub_supply_type: 'Supply',
    sub_supply_description: '',
    document_type: 'Tax Invoice',
    document_number: `SIM/24-25/${String(documentCounter).padStart(4, '0')}`,
    document_date: '05/03/2025',
    gstin_of_consignor: '05AAAAA0000A1Z8',
    legal_name_of_consignor: 'Alpha Widgets Pvt Ltd',
    address1_of_consignor: 'Plot 7, Industrial Area',
    address2_of_consignor: '',
    place_of_consignor: 'Dehradun',
    pincode_of_consignor: 248001,
    state_of_consignor: 'UTTARAKHAND',
    actual_from_state_name: 'UTTARAKHAND',
    gstin_of_consignee: '09BBBBB1111B1ZL',
    legal_name_of_consignee: 'Beta Retail LLP',
    address1_of_consignee: '12 Market Road',
    address2_of_consignee: '',
    place_of_consignee: 'Noida',
    pincode_of_consignee: 201301,
    state_of_supply: 'UTTAR PRADESH',
    actual_to_state_name: 'UTTAR PRADESH',
    transaction_type: 1,
    other_value: 0,
    total_invoice_value: 11800,
    taxable_amount: 10000,
    cgst_amount: 0,
    sgst_amount: 0,
    igst_amount: 1800,
    cess_amount: 0,
    cess_nonadvol_value: 0,
    transporter_id: '05CCCCC2222C1ZE',
    transporter_name: 'Gamma Logistics',
    transporter_document_number: '',
    transporter_document_date: '',
    transportation_mode: 'Road',
    transportation_distance: '210',
    vehicle_number: 'UK07AB1234',
    vehicle_type: 'Regular',
    generate_status: 1,
    data_source: 'erp',
    itemList: [
      {
        product_name: 'Steel bracket',
        product_description: 'Steel bracket 40mm',
        hsn_code: '7326',
        quantity: 100,
        unit_of_product: 'NOS',
        cgst_rate: 0,
        sgst_rate: 0,
        igst_rate: 18,
        cess_rate: 0,
        cessNonAdvol: 0,
        taxable_amount: 10000,
      },
    ],
    ...overrides,
  };
}

export function nicEnvelope(code: string, text: string) {
  return {
    results: { message: `${code}: ${text}`, status: 'No Content', code: 204, nic_code: code },
  };
}
