/**
 * Example request bodies that the mock accepts (and that the real API would accept for a GSTIN
 * registered to the caller): one source for tests, samples, the demo and the bench, so that a
 * change of a field reaches all of them.
 */
import { DEMO_USERS } from './demo-users.js';

/** A place per GST state code: state name as the API spells it, a city and a real pincode there. */
const PLACES: Record<string, { state: string; place: string; pincode: number }> = {
  '03': { state: 'PUNJAB', place: 'Ludhiana', pincode: 141001 },
  '05': { state: 'UTTARAKHAND', place: 'Dehradun', pincode: 248001 },
  '06': { state: 'HARYANA', place: 'Gurugram', pincode: 122001 },
  '07': { state: 'DELHI', place: 'New Delhi', pincode: 110001 },
  '08': { state: 'RAJASTHAN', place: 'Jaipur', pincode: 302001 },
  '09': { state: 'UTTAR PRADESH', place: 'Noida', pincode: 201301 },
  '19': { state: 'WEST BENGAL', place: 'Kolkata', pincode: 700001 },
  '24': { state: 'GUJARAT', place: 'Ahmedabad', pincode: 380001 },
  '27': { state: 'MAHARASHTRA', place: 'Mumbai', pincode: 400001 },
  '29': { state: 'KARNATAKA', place: 'Bengaluru', pincode: 560001 },
  '32': { state: 'KERALA', place: 'Kochi', pincode: 682001 },
  '33': { state: 'TAMIL NADU', place: 'Chennai', pincode: 600001 },
  '36': { state: 'TELANGANA', place: 'Hyderabad', pincode: 500001 },
};
const FALLBACK_PLACE = { state: 'UTTARAKHAND', place: 'Dehradun', pincode: 248001 };

/** The made-up company behind each of the mock's `DEMO_USERS`, in the same order. */
const DEMO_COMPANIES = ['Alpha Widgets Pvt Ltd', 'Beta Retail LLP', 'Gamma Logistics Pvt Ltd'];

/**
 * The legal name to put next to `gstin` in a sample body: the demo company owning it among the
 * mock's `DEMO_USERS`, else `fallback` (a made-up name; your own GSTIN on the sandbox).
 */
export function companyNameFor(gstin: string, fallback = 'Sample Consignor Pvt Ltd'): string {
  const owner = DEMO_USERS.findIndex((user) => user.gstins.includes(gstin));
  return DEMO_COMPANIES[owner] ?? fallback;
}

/** Today's date in India (IST, UTC+05:30) as `dd/mm/yyyy`, the API's request date format. */
export function todayInIndia(nowMs: number = Date.now()): string {
  const ist = new Date(nowMs + 5.5 * 3_600_000);
  const dd = String(ist.getUTCDate()).padStart(2, '0');
  const mm = String(ist.getUTCMonth() + 1).padStart(2, '0');
  return `${dd}/${mm}/${ist.getUTCFullYear()}`;
}

/**
 * A realistic, valid generate body (https://docs.mastersindia.co/eway/generate-e-way-bill) for an outward inter-state supply of 100
 * steel brackets (HSN 7326, 18 % IGST) from `gstin` to a made-up consignee in another state.
 * The consignor's name is the demo company owning `gstin` ({@link companyNameFor}); its state,
 * place and pincode follow the GSTIN's state code; the document date is
 * `nowMs`'s date in India (default: now; pass the mock's `clock.now()` when it is moved). `documentNumber` must be unique per consignor (NIC 604) and at most 16
 * characters `A-Z a-z 0-9 / -`. All names and GSTINs other than `gstin` are made up.
 *
 * @example
 * ```ts
 * await service.generate(exampleGenerateBody('INV/0001', config.defaultGstin));
 * ```
 */
export function exampleGenerateBody(
  documentNumber: string,
  gstin: string = DEMO_USERS[0].gstins[0]!,
  nowMs: number = Date.now(),
): Record<string, unknown> {
  const from = PLACES[gstin.slice(0, 2)] ?? FALLBACK_PLACE;
  // Keep it inter-state (IGST) whatever the consignor's state is.
  const consigneeGstin = from.state === 'UTTAR PRADESH' ? '27BBBBB1111B1ZN' : '09BBBBB1111B1ZL';
  const to = PLACES[consigneeGstin.slice(0, 2)] ?? FALLBACK_PLACE;
  const today = todayInIndia(nowMs);
  return {
    userGstin: gstin,
    supply_type: 'outward',
    sub_supply_type: 'Supply',
    sub_supply_description: '',
    document_type: 'Tax Invoice',
    document_number: documentNumber,
    document_date: today,
    gstin_of_consignor: gstin,
    legal_name_of_consignor: companyNameFor(gstin),
    address1_of_consignor: 'Plot 7, Industrial Area',
    address2_of_consignor: '',
    place_of_consignor: from.place,
    pincode_of_consignor: from.pincode,
    state_of_consignor: from.state,
    actual_from_state_name: from.state,
    gstin_of_consignee: consigneeGstin,
    legal_name_of_consignee: companyNameFor(consigneeGstin, 'Delta Traders LLP'),
    address1_of_consignee: '12 Market Road',
    address2_of_consignee: '',
    place_of_consignee: to.place,
    pincode_of_consignee: to.pincode,
    state_of_supply: to.state,
    actual_to_state_name: to.state,
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
  };
}

/** A Part-B (vehicle change) body (the update-vehicle request without `userGstin` and `eway_bill_number`) (https://docs.mastersindia.co/eway/update-part-b). */
export function examplePartBBody(
  gstin: string = DEMO_USERS[0].gstins[0]!,
  nowMs: number = Date.now(),
): Record<string, unknown> {
  const at = PLACES[gstin.slice(0, 2)] ?? FALLBACK_PLACE;
  return {
    vehicle_number: 'UK07CD5678',
    vehicle_type: 'Regular',
    place_of_consignor: at.place,
    state_of_consignor: at.state,
    reason_code_for_vehicle_updation: 'Due to Break Down',
    reason_for_vehicle_updation: 'Axle failure',
    transporter_document_number: 'LR-7781',
    transporter_document_date: todayInIndia(nowMs),
    mode_of_transport: 1,
  };
}

/** A cancel body (the cancel request without `userGstin` and `eway_bill_number`) (https://docs.mastersindia.co/eway/cancel-e-way-bill). */
export const EXAMPLE_CANCEL_BODY: Readonly<Record<string, string>> = Object.freeze({
  reason_of_cancel: 'Data Entry mistake',
  cancel_remark: 'Wrong quantity keyed',
});
