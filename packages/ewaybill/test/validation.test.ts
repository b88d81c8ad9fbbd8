import {
  createMastersClient,
  MastersValidationError,
  type MastersClient,
} from '@mastersfetch/core';
import { startMockServer, type MockServer } from '@mastersfetch/mock-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ewayBills,
  findRequestIssues,
  OPERATIONS,
  validateRequest,
  type EwayBills,
  type OperationName,
} from '../src/index.js';
import { clockAt, CONSIGNEE, CONSIGNOR, TRANSPORTER, USERS } from './helpers.js';

// Dates in these bodies are those of the reference's examples: the clock is set to them.
const clock = clockAt('2025-03-05T06:00:00Z'); // 05/03/2025 11:30 IST

/** The reference's example bodies (https://docs.mastersindia.co/eway/generate-e-way-bill, /cancel-e-way-bill, /update-part-b, /extend-validity-of-e-way-bill) with GSTINs whose check characters are valid. */
const fixGstins = (json: string): unknown =>
  JSON.parse(
    json
      .replaceAll('05AAAAA0000A1Z5', CONSIGNOR)
      .replaceAll('09BBBBB1111B1Z3', CONSIGNEE)
      .replaceAll('05CCCCC2222C1Z1', TRANSPORTER),
  );
const REFERENCE_GENERATE = `{
  "userGstin": "05AAAAA0000A1Z5", "supply_type": "outward", "sub_supply_type": "Supply",
  "sub_supply_description": "", "document_type": "Tax Invoice", "document_number": "SIM/24-25/0001",
  "document_date": "05/03/2025", "gstin_of_consignor": "05AAAAA0000A1Z5",
  "legal_name_of_consignor": "Alpha Widgets Pvt Ltd", "address1_of_consignor": "Plot 7, Industrial Area",
  "address2_of_consignor": "", "place_of_consignor": "Dehradun", "pincode_of_consignor": 248001,
  "state_of_consignor": "UTTARAKHAND", "actual_from_state_name": "UTTARAKHAND",
  "gstin_of_consignee": "09BBBBB1111B1Z3", "legal_name_of_consignee": "Beta Retail LLP",
  "address1_of_consignee": "12 Market Road", "address2_of_consignee": "", "place_of_consignee": "Noida",
  "pincode_of_consignee": 201301, "state_of_supply": "UTTAR PRADESH", "actual_to_state_name": "UTTAR PRADESH",
  "transaction_type": 1, "other_value": 0, "total_invoice_value": 11800, "taxable_amount": 10000,
  "cgst_amount": 0, "sgst_amount": 0, "igst_amount": 1800, "cess_amount": 0, "cess_nonadvol_value": 0,
  "transporter_id": "05CCCCC2222C1Z1", "transporter_name": "Gamma Logistics",
  "transporter_document_number": "", "transporter_document_date": "", "transportation_mode": "Road",
  "transportation_distance": "210", "vehicle_number": "UK07AB1234", "vehicle_type": "Regular",
  "generate_status": 1, "data_source": "erp",
  "itemList": [ { "product_name": "Steel bracket", "product_description": "Steel bracket 40mm", "hsn_code": "7326",
    "quantity": 100, "unit_of_product": "NOS", "cgst_rate": 0, "sgst_rate": 0, "igst_rate": 18,
    "cess_rate": 0, "cessNonAdvol": 0, "taxable_amount": 10000 } ]
}`;
const REFERENCE_CANCEL = `{ "userGstin": "05AAAAA0000A1Z5", "eway_bill_number": 351000000001,
  "reason_of_cancel": "Data Entry mistake", "cancel_remark": "Wrong quantity keyed", "data_source": "erp" }`;
const REFERENCE_PART_B = `{ "userGstin": "05AAAAA0000A1Z5", "eway_bill_number": 351000000001, "vehicle_number": "UK07CD5678",
  "vehicle_type": "Regular", "place_of_consignor": "Haridwar", "state_of_consignor": "UTTARAKHAND",
  "reason_code_for_vehicle_updation": "Due to Break Down", "reason_for_vehicle_updation": "Axle failure",
  "transporter_document_number": "LR-7781", "transporter_document_date": "05/03/2025",
  "mode_of_transport": 1, "data_source": "erp" }`;
const REFERENCE_EXTEND = `{ "userGstin": "05CCCCC2222C1Z1", "eway_bill_number": 351000000001, "vehicle_number": "UK07CD5678",
  "place_of_consignor": "Meerut", "state_of_consignor": "UTTAR PRADESH", "remaining_distance": 70,
  "transporter_document_number": "LR-7781", "transporter_document_date": "05/03/2025",
  "mode_of_transport": "1", "extend_validity_reason": "Accident", "extend_remarks": "Vehicle under repair",
  "consignment_status": "M", "from_pincode": 250001, "transit_type": "",
  "address_line1": "", "address_line2": "", "address_line3": "" }`;

const generate = fixGstins(REFERENCE_GENERATE) as Record<string, unknown>;
const cancel = fixGstins(REFERENCE_CANCEL) as Record<string, unknown>;
const partB = fixGstins(REFERENCE_PART_B) as Record<string, unknown>;
const extend = fixGstins(REFERENCE_EXTEND) as Record<string, unknown>;
const item = (generate.itemList as Record<string, unknown>[])[0]!;

describe("the reference's example bodies", () => {
  it.each([
    ['generate', generate],
    ['cancel', cancel],
    ['updatePartB', partB],
    ['extendValidity', extend],
    ['generateBulk', { ewayBillList: [generate] }],
  ] as const)('%s validates with the clock at its date', (op, body) => {
    expect(findRequestIssues(op, body, clock)).toEqual([]);
  });

  it('as printed, only their GSTINs are rejected (the made-up GSTINs fail the check character)', () => {
    const issues = findRequestIssues('generate', JSON.parse(REFERENCE_GENERATE), clock);
    expect(issues.map((i) => i.path).sort()).toEqual([
      'gstin_of_consignee',
      'gstin_of_consignor',
      'userGstin',
    ]);
    expect(issues[0]!.message).toMatch(/check character/);
  });

  it('the generate example is rejected for its age 181 days later (NIC 820), not 180', () => {
    expect(findRequestIssues('generate', generate, clockAt('2025-09-01T06:00:00Z'))).toEqual([]);
    const late = findRequestIssues('generate', generate, clockAt('2025-09-02T06:00:00Z'));
    expect(late).toEqual([
      { path: 'document_date', message: expect.stringMatching(/NIC 820/) as string },
    ]);
  });
});

type Case = [label: string, op: OperationName, body: unknown, path: string];
const g = (over: Record<string, unknown>): unknown => ({ ...generate, ...over });
const gi = (over: Record<string, unknown>): unknown => ({
  ...generate,
  itemList: [{ ...item, ...over }],
});
const without = (body: Record<string, unknown>, key: string): unknown => {
  const copy = { ...body };
  delete copy[key];
  return copy;
};
const c = (over: Record<string, unknown>): unknown => ({ ...cancel, ...over });
const p = (over: Record<string, unknown>): unknown => ({ ...partB, ...over });
const x = (over: Record<string, unknown>): unknown => ({ ...extend, ...over });
// Bodies of the other writes (https://docs.mastersindia.co/eway/generate-consolidate-e-way-bill,
// .../add-multi-vehicles, .../change-multi-vehicles, .../initiate-multi-vehicle), one field off.
const consolidated = (over: Record<string, unknown>): unknown => ({
  userGstin: CONSIGNOR,
  place_of_consignor: 'Dehradun',
  state_of_consignor: 'UTTARAKHAND',
  vehicle_number: 'UK07AB1234',
  mode_of_transport: 1,
  list_of_eway_bills: [{ eway_bill_number: '351000000001' }],
  ...over,
});
const multiVehicle = (over: Record<string, unknown>): unknown => ({
  userGstin: CONSIGNOR,
  eway_bill_number: 351000000001,
  group_number: '1',
  reason_code_for_vehicle_updation: 'Others',
  place_of_consignor: 'Dehradun',
  state_of_consignor: 'UTTARAKHAND',
  ...over,
});

const CASES: Case[] = [
  ['missing userGstin', 'generate', without(generate, 'userGstin'), 'userGstin'],
  ['userGstin bad format', 'generate', g({ userGstin: '05AAAAA0000A1' }), 'userGstin'],
  ['userGstin bad check character', 'generate', g({ userGstin: '05AAAAA0000A1Z5' }), 'userGstin'],
  ['userGstin URP', 'generate', g({ userGstin: 'URP' }), 'userGstin'],
  [
    'consignor GSTIN lower-case garbage',
    'generate',
    g({ gstin_of_consignor: 'abc' }),
    'gstin_of_consignor',
  ],
  [
    'consignee GSTIN bad check character',
    'generate',
    g({ gstin_of_consignee: '09BBBBB1111B1Z3' }),
    'gstin_of_consignee',
  ],
  ['consignee GSTIN a number', 'generate', g({ gstin_of_consignee: 123 }), 'gstin_of_consignee'],
  ['missing supply_type', 'generate', without(generate, 'supply_type'), 'supply_type'],
  ['supply_type unknown', 'generate', g({ supply_type: 'sideways' }), 'supply_type'],
  ['sub_supply_type empty', 'generate', g({ sub_supply_type: '' }), 'sub_supply_type'],
  [
    'Others without description',
    'generate',
    g({ sub_supply_type: 'Others', sub_supply_description: '' }),
    'sub_supply_description',
  ],
  ['document_type unknown', 'generate', g({ document_type: 'Receipt' }), 'document_type'],
  ['missing document_number', 'generate', without(generate, 'document_number'), 'document_number'],
  [
    'document_number too long',
    'generate',
    g({ document_number: 'A'.repeat(17) }),
    'document_number',
  ],
  ['document_number with a space', 'generate', g({ document_number: 'INV 1' }), 'document_number'],
  ['document_number with #', 'generate', g({ document_number: 'INV#1' }), 'document_number'],
  ['document_number empty', 'generate', g({ document_number: '' }), 'document_number'],
  ['document_date ISO', 'generate', g({ document_date: '2025-03-05' }), 'document_date'],
  [
    'document_date not a calendar date',
    'generate',
    g({ document_date: '31/02/2025' }),
    'document_date',
  ],
  ['document_date month 13', 'generate', g({ document_date: '05/13/2025' }), 'document_date'],
  ['document_date single digits', 'generate', g({ document_date: '5/3/2025' }), 'document_date'],
  [
    'document_date older than 180 days',
    'generate',
    g({ document_date: '01/09/2024' }),
    'document_date',
  ],
  [
    'pincode of consignor 5 digits',
    'generate',
    g({ pincode_of_consignor: 24800 }),
    'pincode_of_consignor',
  ],
  [
    'pincode of consignor starts with 0',
    'generate',
    g({ pincode_of_consignor: '012345' }),
    'pincode_of_consignor',
  ],
  [
    'pincode of consignee missing',
    'generate',
    without(generate, 'pincode_of_consignee'),
    'pincode_of_consignee',
  ],
  [
    'pincode of consignee letters',
    'generate',
    g({ pincode_of_consignee: '2013A1' }),
    'pincode_of_consignee',
  ],
  ['state_of_consignor empty', 'generate', g({ state_of_consignor: ' ' }), 'state_of_consignor'],
  ['state_of_supply missing', 'generate', without(generate, 'state_of_supply'), 'state_of_supply'],
  ['transaction_type 5', 'generate', g({ transaction_type: 5 }), 'transaction_type'],
  [
    'total below taxable + taxes (620)',
    'generate',
    g({ total_invoice_value: 10000 }),
    'total_invoice_value',
  ],
  ['total missing', 'generate', without(generate, 'total_invoice_value'), 'total_invoice_value'],
  ['total a string', 'generate', g({ total_invoice_value: '11800' }), 'total_invoice_value'],
  ['taxable negative', 'generate', g({ taxable_amount: -1 }), 'taxable_amount'],
  ['igst negative', 'generate', g({ igst_amount: -5 }), 'igst_amount'],
  [
    'transportation_mode unknown',
    'generate',
    g({ transportation_mode: 'Teleport' }),
    'transportation_mode',
  ],
  ['Road without vehicle', 'generate', g({ vehicle_number: '' }), 'vehicle_number'],
  [
    'Rail without transport document number',
    'generate',
    g({ transportation_mode: 'Rail', transporter_document_date: '05/03/2025' }),
    'transporter_document_number',
  ],
  [
    'Air without transport document date',
    'generate',
    g({ transportation_mode: 'Air', transporter_document_number: 'AWB1' }),
    'transporter_document_date',
  ],
  [
    'transport date before document date (362)',
    'generate',
    g({ transporter_document_number: 'LR1', transporter_document_date: '04/03/2025' }),
    'transporter_document_date',
  ],
  [
    'transport date malformed',
    'generate',
    g({ transporter_document_date: '2025/03/05' }),
    'transporter_document_date',
  ],
  [
    'distance above 4000',
    'generate',
    g({ transportation_distance: 4001 }),
    'transportation_distance',
  ],
  [
    'distance not a number',
    'generate',
    g({ transportation_distance: 'far' }),
    'transportation_distance',
  ],
  [
    'vehicle number with spaces',
    'generate',
    g({ vehicle_number: 'UK 07 AB 1234' }),
    'vehicle_number',
  ],
  ['vehicle type unknown', 'generate', g({ vehicle_type: 'Truck' }), 'vehicle_type'],
  ['itemList empty', 'generate', g({ itemList: [] }), 'itemList'],
  ['itemList missing', 'generate', without(generate, 'itemList'), 'itemList'],
  [
    'itemList over 250',
    'generate',
    g({ itemList: Array.from({ length: 251 }, () => item) }),
    'itemList',
  ],
  ['item hsn_code letters', 'generate', gi({ hsn_code: 'ABCD' }), 'itemList.0.hsn_code'],
  [
    'item hsn_code missing',
    'generate',
    g({ itemList: [without(item, 'hsn_code')] }),
    'itemList.0.hsn_code',
  ],
  ['item quantity negative', 'generate', gi({ quantity: -1 }), 'itemList.0.quantity'],
  ['item igst_rate a string', 'generate', gi({ igst_rate: '18' }), 'itemList.0.igst_rate'],
  [
    'bulk item with a bad date',
    'generateBulk',
    { ewayBillList: [generate, g({ document_date: '32/01/2025' })] },
    'ewayBillList.1.document_date',
  ],
  [
    'bulk item 620',
    'generateBulk',
    { ewayBillList: [g({ total_invoice_value: 1 })] },
    'ewayBillList.0.total_invoice_value',
  ],
  ['bulk list empty', 'generateBulk', { ewayBillList: [] }, 'ewayBillList'],
  [
    'bulk request with another action',
    'bulkRequest',
    { action: 'cancel', list: [generate] },
    'action',
  ],
  [
    'cancel EWB number 11 digits',
    'cancel',
    c({ eway_bill_number: 35100000000 }),
    'eway_bill_number',
  ],
  [
    'cancel EWB number letters',
    'cancel',
    c({ eway_bill_number: 'EWB351000001' }),
    'eway_bill_number',
  ],
  [
    'cancel reason unknown',
    'cancel',
    c({ reason_of_cancel: 'Changed my mind' }),
    'reason_of_cancel',
  ],
  ['cancel missing reason', 'cancel', without(cancel, 'reason_of_cancel'), 'reason_of_cancel'],
  ['cancel bad userGstin', 'cancel', c({ userGstin: '05AAAAA0000A1Z5' }), 'userGstin'],
  ['Part-B mode 6', 'updatePartB', p({ mode_of_transport: 6 }), 'mode_of_transport'],
  ['Part-B road without vehicle', 'updatePartB', p({ vehicle_number: '' }), 'vehicle_number'],
  [
    'Part-B rail without document',
    'updatePartB',
    p({ mode_of_transport: 2, transporter_document_number: '' }),
    'transporter_document_number',
  ],
  [
    'Part-B reason unknown',
    'updatePartB',
    p({ reason_code_for_vehicle_updation: 'Bored' }),
    'reason_code_for_vehicle_updation',
  ],
  [
    'Part-B place missing',
    'updatePartB',
    without(partB, 'place_of_consignor'),
    'place_of_consignor',
  ],
  [
    'Part-B transport date malformed',
    'updatePartB',
    p({ transporter_document_date: '5-3-2025' }),
    'transporter_document_date',
  ],
  [
    'extend in transit with status M',
    'extendValidity',
    x({ mode_of_transport: '5' }),
    'consignment_status',
  ],
  [
    'extend road with status T',
    'extendValidity',
    x({ consignment_status: 'T', transit_type: 'R', address_line1: 'Yard 4' }),
    'consignment_status',
  ],
  [
    'extend T without transit type',
    'extendValidity',
    x({ mode_of_transport: 5, consignment_status: 'T', address_line1: 'Yard 4' }),
    'transit_type',
  ],
  [
    'extend T without address',
    'extendValidity',
    x({ mode_of_transport: 5, consignment_status: 'T', transit_type: 'W' }),
    'address_line1',
  ],
  ['extend M with a transit type', 'extendValidity', x({ transit_type: 'R' }), 'transit_type'],
  ['extend status unknown', 'extendValidity', x({ consignment_status: 'X' }), 'consignment_status'],
  [
    'extend reason unknown',
    'extendValidity',
    x({ extend_validity_reason: 'Traffic' }),
    'extend_validity_reason',
  ],
  [
    'extend remaining distance 0',
    'extendValidity',
    x({ remaining_distance: 0 }),
    'remaining_distance',
  ],
  ['extend from_pincode short', 'extendValidity', x({ from_pincode: 2500 }), 'from_pincode'],
  ['extend road without vehicle', 'extendValidity', x({ vehicle_number: '' }), 'vehicle_number'],
  [
    'transporter id short',
    'updateTransporter',
    { userGstin: CONSIGNOR, eway_bill_number: 351000000001, transporter_id: '05CCC' },
    'transporter_id',
  ],
  [
    'reject bad EWB number',
    'reject',
    { userGstin: CONSIGNEE, eway_bill_number: '12' },
    'eway_bill_number',
  ],
  [
    'consolidated with bare strings',
    'generateConsolidated',
    consolidated({ list_of_eway_bills: ['351000000001'] }),
    'list_of_eway_bills.0',
  ],
  [
    'consolidated empty list',
    'generateConsolidated',
    consolidated({ list_of_eway_bills: [] }),
    'list_of_eway_bills',
  ],
  [
    'multi-vehicle group 0 (406)',
    'changeMultiVehicle',
    multiVehicle({
      group_number: 0,
      old_vehicle_number: 'UK07AB1234',
      new_vehicle_number: 'UK07CD5678',
    }),
    'group_number',
  ],
  [
    'multi-vehicle quantity 0',
    'addMultiVehicle',
    multiVehicle({ vehicle_number: 'UK07AB1234', quantity: 0 }),
    'quantity',
  ],
  [
    'initiate multi-vehicle without unit',
    'initiateMultiVehicle',
    multiVehicle({
      place_of_consignee: 'Noida',
      state_of_consignee: 'UTTAR PRADESH',
      mode_of_transport: 1,
      total_quantity: 10,
    }),
    'unit_code',
  ],
  [
    'return status snake-case GSTIN missing',
    'returnStatus',
    { userGstin: CONSIGNOR, gstin_list: [{ gstin: CONSIGNEE }] },
    'user_gstin',
  ],
  [
    'return status bad listed GSTIN',
    'returnStatus',
    { user_gstin: CONSIGNOR, gstin_list: [{ gstin: 'X' }] },
    'gstin_list.0.gstin',
  ],
  [
    'look-up EWB number short',
    'getEwayBill',
    { gstin: CONSIGNOR, eway_bill_number: '351' },
    'eway_bill_number',
  ],
  [
    'by-date ISO date',
    'getEwayBillsByDate',
    { gstin: CONSIGNOR, generated_date: '2025-03-05' },
    'generated_date',
  ],
  [
    'by-document type unknown',
    'findByDocument',
    { gstin: CONSIGNOR, document_type: 'Memo', document_number: 'A1' },
    'document_type',
  ],
  [
    'transporter by state without state code',
    'getEwayBillsForTransporterByState',
    { gstin: TRANSPORTER, generated_date: '05/03/2025' },
    'state_code',
  ],
  ['HSN look-up letters', 'getHsnDetails', { userGstin: CONSIGNOR, hsncode: 'steel' }, 'hsncode'],
  ['IRN generate without irn', 'generateByIrn', { user_gstin: CONSIGNOR, irn: '' }, 'irn'],
  [
    'IRN generate distance 5000',
    'generateByIrn',
    { user_gstin: CONSIGNOR, irn: 'a'.repeat(64), distance: 5000 },
    'distance',
  ],
  ['distance bad pincode', 'getDistance', { fromPincode: 248001, toPincode: 99 }, 'toPincode'],
  ['bulk result without id', 'getBulkResult', { request_id: '' }, 'request_id'],
  ['bulk request result id missing', 'getBulkRequestResult', {}, 'request_id'],
  [
    'regenerate consolidated without a reason',
    'regenerateConsolidated',
    consolidated({ consolidated_eway_bill_number: 1510000001, list_of_eway_bills: undefined }),
    'reason_of_cancel',
  ],
  [
    'regenerate consolidated number with letters',
    'regenerateConsolidated',
    consolidated({ consolidated_eway_bill_number: 'CEWB1', reason_of_cancel: 'Others' }),
    'consolidated_eway_bill_number',
  ],
  [
    'other party bills with an ISO date',
    'getEwayBillsOfOtherParty',
    { gstin: CONSIGNEE, generated_date: '2025-03-04' },
    'generated_date',
  ],
  [
    'trip sheet number missing',
    'getTripSheet',
    { gstin: CONSIGNOR },
    'consolidated_eway_bill_number',
  ],
  [
    'GSTIN details of a bad GSTIN',
    'getGstinDetails',
    { userGstin: CONSIGNOR, gstin: '09BBBBB1111B1Z3' },
    'gstin',
  ],
  [
    'transporter details of a 14-character id',
    'getTransporterDetails',
    { userGstin: CONSIGNOR, transporter_gstin: '05CCCCC2222C1Z' },
    'transporter_gstin',
  ],
  [
    'rejected-by-others date 31/04',
    'getEwayBillsRejectedByOthers',
    { gstin: CONSIGNOR, generated_date: '31/04/2025' },
    'generated_date',
  ],
  [
    'transporter bills without a date',
    'getEwayBillsForTransporter',
    { gstin: TRANSPORTER },
    'generated_date',
  ],
  [
    'transporter bills by a bad generator GSTIN',
    'getEwayBillsForTransporterByGstin',
    { gstin: TRANSPORTER, eway_bill_generator_gstin: 'URP', generated_date: '05/03/2025' },
    'eway_bill_generator_gstin',
  ],
  [
    'transporter report state code of letters',
    'getEwayBillReportByTransporterAssignedDate',
    { gstin: TRANSPORTER, assigned_date: '05/03/2025', state_code: 'UK' },
    'state_code',
  ],
  ['e-way bill by IRN without irn', 'getEwayBillByIrn', { user_gstin: CONSIGNOR }, 'irn'],
];

let mock: MockServer;
let client: MastersClient;
let eway: EwayBills;

beforeAll(async () => {
  mock = await startMockServer({ users: USERS.map((u) => ({ ...u, gstins: [...u.gstins] })) });
  client = createMastersClient({
    baseUrl: mock.url,
    credentials: { username: USERS[0].username, password: USERS[0].password },
  });
  eway = ewayBills(client, { clock });
});
afterAll(async () => {
  await client.close();
  await mock.close();
});

describe('local validation', () => {
  it('has at least 60 invalid bodies, at least one for every operation', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(60);
    expect(new Set(CASES.map(([, op]) => op))).toEqual(new Set(Object.keys(OPERATIONS)));
  });

  it.each(CASES)('rejects %s (%s) at %s before any request', async (_label, op, body, path) => {
    const before = mock.stats();
    const call = (eway[op] as (b: unknown) => Promise<unknown>).bind(eway);
    const error = await call(body).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(MastersValidationError);
    const fields = (error as MastersValidationError).fields;
    expect(fields.map((f) => f.path)).toContain(path);
    for (const f of fields) expect(f.message.length).toBeGreaterThan(0);
    // Nothing reached the mock: not even a login.
    expect(mock.stats().apiCalls).toBe(before.apiCalls);
    expect(mock.stats().logins).toBe(before.logins);
  });

  it('lists every rejected field at once', () => {
    expect(() =>
      validateRequest(
        'generate',
        g({ userGstin: 'x', document_date: 'y', total_invoice_value: 1 }),
        clock,
      ),
    ).toThrow(MastersValidationError);
    const issues = findRequestIssues(
      'generate',
      g({ userGstin: 'x', document_date: 'y', total_invoice_value: 1 }),
      clock,
    );
    expect(issues.map((i) => i.path).sort()).toEqual([
      'document_date',
      'total_invoice_value',
      'userGstin',
    ]);
  });

  it('does not reject what no documented rule forbids (extra fields, case of labels, numeric strings)', () => {
    const body = g({
      supply_type: 'OUTWARD',
      document_type: 'tax invoice',
      transportation_mode: 'road',
      pincode_of_consignor: '248001',
      user_ref: 'anything',
      some_future_field: true,
    });
    expect(findRequestIssues('generate', body, clock)).toEqual([]);
    expect(
      findRequestIssues(
        'cancel',
        c({ reason_of_cancel: 'data entry MISTAKE', eway_bill_number: '351000000001' }),
        clock,
      ),
    ).toEqual([]);
    // A Part-A only bill (no mode) needs no vehicle.
    expect(
      findRequestIssues('generate', g({ transportation_mode: '', vehicle_number: '' }), clock),
    ).toEqual([]);
  });
});
