import { normalizePdfUrl, unwrapResults, type MastersFetch } from '@mastersfetch/core';
import { BodyChecker, parseEwbNumber, requireObject, type JsonObject } from './validation.js';

/** `POST /ewaybills` answer (HTTP 201). `ewayBillNo` is always a 12-digit string. */
export interface GeneratedEwayBill {
  ewayBillNo: string;
  ewayBillDate: string;
  validUpto: string;
  /** Absolute PDF link (`https://` prepended when the API omits the scheme). */
  pdfUrl: string;
}

/** `PATCH /ewaybills/:number/vehicle` answer. */
export interface PartBUpdate {
  vehUpdDate: string;
  validUpto: string;
}

/** `POST /ewaybills/:number/cancel` answer. */
export interface CancelledEwayBill {
  cancelDate: string;
}

/** The e-way bill operations of a sample app, for one tenant. */
export interface EwayBillService {
  /** Validates and generates an e-way bill (`POST api/v1/ewayBillsGenerate/`, reference §3.2). */
  generate(body: unknown): Promise<GeneratedEwayBill>;
  /** Reads an e-way bill (`GET api/v1/getEwayBillData/?action=GetEwayBill`, reference §3.13): the API's details object. */
  details(ewbNumber: string): Promise<Record<string, unknown>>;
  /** Updates Part-B, i.e. the vehicle (`POST api/v1/updateVehicleNumber/`, reference §3.4). */
  updatePartB(ewbNumber: string, body: unknown): Promise<PartBUpdate>;
  /** Cancels an e-way bill (`POST api/v1/ewayBillCancel/`, reference §3.3). */
  cancel(ewbNumber: string, body: unknown): Promise<CancelledEwayBill>;
}

/** Cancel reasons (NIC codes 1–4); the API matches them case-insensitively. */
const CANCEL_REASONS = ['Duplicate', 'Order Cancelled', 'Data Entry mistake', 'Others'] as const;
/** Part-B reasons. */
const PART_B_REASONS = [
  'Due to Break Down',
  'Due to Transhipment',
  'Others',
  'First Time',
] as const;

const GENERATE_STRINGS = [
  'sub_supply_description',
  'legal_name_of_consignor',
  'legal_name_of_consignee',
  'address1_of_consignor',
  'address2_of_consignor',
  'address1_of_consignee',
  'address2_of_consignee',
  'place_of_consignor',
  'place_of_consignee',
  'actual_from_state_name',
  'actual_to_state_name',
  'transporter_id',
  'transporter_name',
  'transporter_document_number',
  'transportation_mode',
  'vehicle_number',
  'vehicle_type',
  'data_source',
] as const;
const GENERATE_AMOUNTS = [
  'other_value',
  'cgst_amount',
  'sgst_amount',
  'igst_amount',
  'cess_amount',
  'cess_nonadvol_value',
] as const;

function validateGenerate(body: JsonObject): void {
  const check = new BodyChecker(body);
  check.gstin('userGstin', false);
  check.oneOf('supply_type', true, ['outward', 'inward']);
  check.string('sub_supply_type', true);
  check.string('document_type', true);
  check.string(
    'document_number',
    true,
    /^[A-Za-z0-9/-]{1,16}$/,
    'must be 1-16 characters A-Z a-z 0-9 / -',
  );
  check.date('document_date', true);
  check.gstin('gstin_of_consignor', true, true);
  check.gstin('gstin_of_consignee', true, true);
  check.number('pincode_of_consignor', true, { integer: true, min: 100_000, max: 999_999 });
  check.number('pincode_of_consignee', true, { integer: true, min: 100_000, max: 999_999 });
  check.string('state_of_consignor', true);
  check.string('state_of_supply', true);
  check.number('total_invoice_value', true, { min: 0 });
  check.number('taxable_amount', true, { min: 0 });
  check.number('transaction_type', false, { integer: true, min: 1, max: 4 });
  check.number('generate_status', false, { integer: true });
  check.date('transporter_document_date', false);
  for (const field of GENERATE_STRINGS) check.string(field, false);
  for (const field of GENERATE_AMOUNTS) check.number(field, false, { min: 0 });
  const distance = body.transportation_distance;
  if (
    distance !== undefined &&
    !(typeof distance === 'number' || (typeof distance === 'string' && /^\d*$/.test(distance)))
  ) {
    check.fail('transportation_distance', 'must be a number of km');
  }

  const items = body.itemList;
  if (!Array.isArray(items) || items.length === 0 || items.length > 250) {
    check.fail('itemList', 'must be an array of 1 to 250 items');
  } else {
    items.forEach((item: unknown, index) => {
      const at = `itemList[${index}]`;
      if (item === null || typeof item !== 'object' || Array.isArray(item))
        return check.fail(at, 'must be an object');
      const row = item as JsonObject;
      const hsn = row.hsn_code;
      if (!(
        (typeof hsn === 'string' && /^[0-9]{4,8}$/.test(hsn)) ||
        (typeof hsn === 'number' && Number.isInteger(hsn) && hsn > 0)
      )) {
        check.fail(`${at}.hsn_code`, 'is required: a 4-8 digit HSN code');
      }
      check.number('quantity', true, { min: 0 }, row, `${at}.quantity`);
      check.number('taxable_amount', true, { min: 0 }, row, `${at}.taxable_amount`);
      for (const rate of ['cgst_rate', 'sgst_rate', 'igst_rate', 'cess_rate', 'cessNonAdvol']) {
        check.number(rate, false, { min: 0 }, row, `${at}.${rate}`);
      }
      for (const text of ['product_name', 'product_description', 'unit_of_product']) {
        check.string(text, false, undefined, undefined, row, `${at}.${text}`);
      }
    });
  }
  check.done('e-way bill: check `fields`');
}

function validatePartB(body: JsonObject): void {
  const check = new BodyChecker(body);
  check.number('mode_of_transport', true, { integer: true, min: 1, max: 4 });
  const isRoad = body.mode_of_transport === 1;
  check.string(
    'vehicle_number',
    isRoad,
    /^[A-Za-z0-9]{4,15}$/,
    'must be a vehicle number such as UK07CD5678',
  );
  check.string(
    'transporter_document_number',
    !isRoad && typeof body.mode_of_transport === 'number',
  );
  check.date('transporter_document_date', false);
  check.string('place_of_consignor', true);
  check.string('state_of_consignor', true);
  check.gstin('userGstin', false);
  check.oneOf('reason_code_for_vehicle_updation', true, PART_B_REASONS);
  check.string('reason_for_vehicle_updation', true);
  check.string('vehicle_type', false);
  check.string('data_source', false);
  check.done('Part-B update: check `fields`');
}

function validateCancel(body: JsonObject): void {
  const check = new BodyChecker(body);
  check.gstin('userGstin', false);
  check.oneOf('reason_of_cancel', true, CANCEL_REASONS);
  check.string('cancel_remark', true);
  check.string('data_source', false);
  check.done('cancellation: check `fields`');
}

/** A body's `eway_bill_number`, when given, must be the one in the URL. */
function checkSameEwbNumber(body: JsonObject, ewbNumber: number): void {
  const given = body.eway_bill_number;
  if (given !== undefined && String(given) !== String(ewbNumber)) {
    const check = new BodyChecker(body);
    check.fail('eway_bill_number', 'must match the e-way bill number in the URL (or be omitted)');
    check.done('request');
  }
}

/** Unwraps the `results` envelope of a response (`unwrapResults` parses the text, empty or not). */
async function unwrap(response: Response): Promise<Record<string, unknown>> {
  const message: unknown = unwrapResults(await response.text(), response.status);
  if (message === null || typeof message !== 'object' || Array.isArray(message)) {
    throw new Error('Masters India answered with an unexpected success payload');
  }
  return message as Record<string, unknown>;
}

function text(value: unknown): string {
  return value === undefined || value === null ? '' : String(value);
}

/**
 * The e-way bill operations of the sample apps for one tenant. Each method validates its input
 * first (throwing `SampleRequestError` 400 `bad_request` with per-field messages), calls Masters
 * India through `fetch` (relative paths with the documented trailing slash), unwraps the `results`
 * envelope with `unwrapResults` (a NIC error envelope throws `MastersApiError`, whatever the HTTP
 * status) and returns the DESIGN §5 response bodies. `userGstin` defaults to `gstin`, and
 * `data_source` to `'erp'` (as in every documented sample).
 *
 * @param fetch - An authenticated `mastersFetch` (the client's default or `forCredentials(...)`).
 * @param gstin - The tenant's GSTIN.
 * @throws SampleRequestError for invalid input; the core's errors (`MastersApiError`,
 *   `MastersHttpError`, `MastersTokenError`, ...) for upstream failures.
 * @example
 * ```ts
 * const service = createEwayBillService(req.mastersFetch, gstin);
 * res.status(201).json(await service.generate(req.body));
 * ```
 */
export function createEwayBillService(fetch: MastersFetch, gstin: string): EwayBillService {
  /** Validates a Part-B or cancel body for the EWB number of the URL and fills the defaults. */
  const ewbRequestBody = (
    ewbNumber: string,
    input: unknown,
    what: string,
    validate: (body: JsonObject) => void,
  ): JsonObject => {
    const number = parseEwbNumber(ewbNumber);
    const body = requireObject(input, what);
    validate(body);
    checkSameEwbNumber(body, number);
    return {
      data_source: 'erp',
      ...body,
      userGstin: body.userGstin ?? gstin,
      eway_bill_number: number,
    };
  };

  return {
    async generate(input) {
      const body = requireObject(input, 'e-way bill');
      validateGenerate(body);
      const json = { data_source: 'erp', ...body, userGstin: body.userGstin ?? gstin };
      const message = await unwrap(await fetch.post('api/v1/ewayBillsGenerate/', { json }));
      if (message.ewayBillNo === undefined || message.ewayBillNo === null) {
        throw new Error('Masters India answered without an ewayBillNo');
      }
      return {
        ewayBillNo: String(message.ewayBillNo),
        ewayBillDate: text(message.ewayBillDate),
        validUpto: text(message.validUpto),
        pdfUrl:
          typeof message.url === 'string' && message.url !== '' ? normalizePdfUrl(message.url) : '',
      };
    },

    async details(ewbNumber) {
      const number = parseEwbNumber(ewbNumber);
      const searchParams = { action: 'GetEwayBill', gstin, eway_bill_number: String(number) };
      return unwrap(await fetch.get('api/v1/getEwayBillData/', { searchParams }));
    },

    async updatePartB(ewbNumber, input) {
      const json = ewbRequestBody(ewbNumber, input, 'Part-B update', validatePartB);
      const message = await unwrap(await fetch.post('api/v1/updateVehicleNumber/', { json }));
      return { vehUpdDate: text(message.vehUpdDate), validUpto: text(message.validUpto) };
    },

    async cancel(ewbNumber, input) {
      const json = ewbRequestBody(ewbNumber, input, 'cancellation', validateCancel);
      const message = await unwrap(await fetch.post('api/v1/ewayBillCancel/', { json }));
      return { cancelDate: text(message.cancelDate) };
    },
  };
}
