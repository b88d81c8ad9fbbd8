import { createMastersClient, type MastersClient } from '@mastersfetch/core';
import { startMockServer, type MockServer } from '@mastersfetch/mock-server';
import { formatRequestDate } from '../src/dates.js';
import type { GenerateRequest } from '../src/schemas/requests.js';

// GSTINs with valid check characters (the demo users' GSTINs fail it; issue 21 moves them).
export const CONSIGNOR = '05AAAAA0000A1Z8';
export const CONSIGNEE = '09BBBBB1111B1ZL';
export const TRANSPORTER = '05CCCCC2222C1ZE';

export const USERS = [
  { username: 'alpha@ewaybill.test', password: 'alpha-test-pass', gstins: [CONSIGNOR] },
  { username: 'beta@ewaybill.test', password: 'beta-test-pass', gstins: [CONSIGNEE] },
  { username: 'gamma@ewaybill.test', password: 'gamma-test-pass', gstins: [TRANSPORTER] },
] as const;

/** A fixed clock at `iso` (both readings), for the date rules. */
export const clockAt = (iso: string) => {
  const ms = Date.parse(iso);
  return { now: () => 0, wallNow: () => ms };
};

export interface Harness {
  mock: MockServer;
  client: MastersClient;
  /** A client acting as the consignee (for reject). */
  consigneeClient: MastersClient;
  transporterClient: MastersClient;
  close(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  const mock = await startMockServer({
    users: USERS.map((u) => ({ ...u, gstins: [...u.gstins] })),
  });
  const make = (i: number) =>
    createMastersClient({
      baseUrl: mock.url,
      credentials: { username: USERS[i]!.username, password: USERS[i]!.password },
    });
  const client = make(0);
  const consigneeClient = make(1);
  const transporterClient = make(2);
  return {
    mock,
    client,
    consigneeClient,
    transporterClient,
    async close() {
      await Promise.all([client.close(), consigneeClient.close(), transporterClient.close()]);
      await mock.close();
    },
  };
}

let sequence = 0;
/** A unique document number per call. */
export const nextDocumentNumber = (): string => `T/${process.pid % 1000}/${++sequence}`;

/** A valid generate body dated today (IST), with a unique document number. */
export function generateBody(overrides: Partial<GenerateRequest> = {}): GenerateRequest {
  return {
    userGstin: CONSIGNOR,
    supply_type: 'outward',
    sub_supply_type: 'Supply',
    sub_supply_description: '',
    document_type: 'Tax Invoice',
    document_number: nextDocumentNumber(),
    document_date: formatRequestDate(Date.now()),
    gstin_of_consignor: CONSIGNOR,
    legal_name_of_consignor: 'Alpha Widgets Pvt Ltd',
    address1_of_consignor: 'Plot 7, Industrial Area',
    place_of_consignor: 'Dehradun',
    pincode_of_consignor: 248001,
    state_of_consignor: 'UTTARAKHAND',
    actual_from_state_name: 'UTTARAKHAND',
    gstin_of_consignee: CONSIGNEE,
    legal_name_of_consignee: 'Beta Retail LLP',
    address1_of_consignee: '12 Market Road',
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
    transporter_id: TRANSPORTER,
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
