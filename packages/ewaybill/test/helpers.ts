import { createMastersClient, type MastersClient } from '@mastersfetch/core';
import {
  exampleGenerateBody,
  startMockServer,
  type MockServer,
  type MockServerOptions,
} from '@mastersfetch/mock-server';
import type { ExtendValidityRequest, GenerateRequest } from '../src/schemas/requests.js';

// GSTINs with valid check characters (the demo users' GSTINs fail it; issue 21 moves them).
/** The reference's generate answer (`results.message`, docs/ARCHITECTURE.md §13). */
export const REFERENCE_GENERATE_ANSWER = {
  ewayBillNo: 351000000001,
  ewayBillDate: '05/03/2025 11:20:00 AM',
  validUpto: '06/03/2025 11:59:00 PM',
  alert: '',
  error: false,
  url: 'sandb-api.mastersindia.co/api/v1/detailPrintPdf/SIMPDF0001/',
};

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

/** A mock with {@link USERS} (`options` on top) and a client per user. */
export async function startHarness(options: MockServerOptions = {}): Promise<Harness> {
  const mock = await startMockServer({
    users: USERS.map((u) => ({ ...u, gstins: [...u.gstins] })),
    ...options,
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

/**
 * A valid generate body dated today in India (IST) by `nowMs` (default: now), with a unique
 * document number: the mock's {@link exampleGenerateBody} for {@link CONSIGNOR}, plus `overrides`.
 */
export function generateBody(
  overrides: Partial<GenerateRequest> = {},
  nowMs: number = Date.now(),
): GenerateRequest {
  return {
    ...(exampleGenerateBody(nextDocumentNumber(), CONSIGNOR, nowMs) as GenerateRequest),
    ...overrides,
  };
}

/**
 * An extend-validity body for `ewbNo` as the consignor (https://docs.mastersindia.co/eway/extend-validity-of-e-way-bill):
 * Road, consignment moving (`M`), 70 km left.
 */
export function extendBody(ewbNo: string | number): ExtendValidityRequest {
  return {
    userGstin: CONSIGNOR,
    eway_bill_number: ewbNo,
    vehicle_number: 'UK07CD5678',
    place_of_consignor: 'Meerut',
    state_of_consignor: 'UTTAR PRADESH',
    remaining_distance: 70,
    mode_of_transport: '1',
    extend_validity_reason: 'Accident',
    extend_remarks: 'Vehicle under repair',
    consignment_status: 'M',
    from_pincode: 250001,
    transit_type: '',
  };
}
