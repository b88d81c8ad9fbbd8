import type { MastersValidationIssue } from '@mastersfetch/core';
import { istDaysBetween, parseRequestDate } from './dates.js';

// Cross-field and date rules that a schema alone cannot express. Each rule cites the Masters India page
// that documents it or the NIC code it prevents (docs/ARCHITECTURE.md §13). Rules read the raw
// body defensively: a field of the wrong type is reported by the schema, not here. A rule that is
// not documented does not exist here: a false local rejection blocks a legal bill.

type Body = Record<string, unknown>;
/** What the rules need from outside the body. */
export interface RuleContext {
  /** Epoch ms "now" (the injected clock). */
  nowMs: number;
}
type Rule = (body: Body, ctx: RuleContext, prefix: string) => MastersValidationIssue[];

const isBlank = (v: unknown): boolean => v === undefined || v === null || String(v).trim() === '';
const lower = (v: unknown): string =>
  typeof v === 'string' ? v.trim().toLowerCase() : String(v ?? '');
const numberOr0 = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const issue = (path: string, message: string): MastersValidationIssue => ({ path, message });

/** NIC 820: the document date may be at most 180 days old (IST calendar days). */
const MAX_DOCUMENT_AGE_DAYS = 180;
/** Amount tolerance for NIC 620 (rupee rounding of the line totals). */
const TOTAL_TOLERANCE = 1;

const MODE_BY_LABEL: Record<string, number> = {
  road: 1,
  rail: 2,
  air: 3,
  ship: 4,
  'in transit': 5,
  '1': 1,
  '2': 2,
  '3': 3,
  '4': 4,
  '5': 5,
};

/** Part-B of a transport `mode` (1 Road ... 5 in transit): what it requires (https://docs.mastersindia.co/eway/generate-e-way-bill, https://docs.mastersindia.co/eway/update-part-b). */
function partBIssues(
  body: Body,
  mode: number | undefined,
  p: string,
  vehicleField: string,
): MastersValidationIssue[] {
  const out: MastersValidationIssue[] = [];
  if (mode === 1 && isBlank(body[vehicleField])) {
    // https://docs.mastersindia.co/eway/generate-e-way-bill: vehicle_number is required for Road unless the bill is Part-A only (mode '').
    out.push(
      issue(
        `${p}${vehicleField}`,
        'required when the mode is Road (https://docs.mastersindia.co/eway/generate-e-way-bill; NIC 225)',
      ),
    );
  }
  if (mode !== undefined && mode >= 2 && mode <= 4) {
    // https://docs.mastersindia.co/eway/generate-e-way-bill: transport document number and date are required for Rail / Air / Ship (NIC 223/224).
    if (isBlank(body.transporter_document_number)) {
      out.push(
        issue(
          `${p}transporter_document_number`,
          'required for Rail, Air and Ship (https://docs.mastersindia.co/eway/generate-e-way-bill; NIC 223)',
        ),
      );
    }
    if (isBlank(body.transporter_document_date)) {
      out.push(
        issue(
          `${p}transporter_document_date`,
          'required for Rail, Air and Ship (https://docs.mastersindia.co/eway/generate-e-way-bill; NIC 224)',
        ),
      );
    }
  }
  return out;
}

const generate: Rule = (body, ctx, p) => {
  const out: MastersValidationIssue[] = [];
  // https://docs.mastersindia.co/eway/generate-e-way-bill: sub_supply_description is required when the sub supply type is Others.
  if (lower(body.sub_supply_type) === 'others' && isBlank(body.sub_supply_description)) {
    out.push(
      issue(
        `${p}sub_supply_description`,
        "required when sub_supply_type is 'Others' (https://docs.mastersindia.co/eway/generate-e-way-bill)",
      ),
    );
  }
  // NIC 820: document date older than 180 days.
  const documentMs = parseRequestDate(body.document_date);
  if (documentMs !== undefined) {
    const ageDays = istDaysBetween(documentMs, ctx.nowMs);
    if (ageDays > MAX_DOCUMENT_AGE_DAYS) {
      out.push(issue(`${p}document_date`, `is ${ageDays} days old; at most 180 days (NIC 820)`));
    }
  }
  // NIC 362: the transport document date may not be earlier than the document date.
  const transportMs = parseRequestDate(body.transporter_document_date);
  if (documentMs !== undefined && transportMs !== undefined && transportMs < documentMs) {
    out.push(issue(`${p}transporter_document_date`, 'is earlier than document_date (NIC 362)'));
  }
  // NIC 620: total invoice value below taxable amount + taxes. A negative other_value (a
  // discount) may lower the total, so it counts; a positive one is not required to be included.
  const t = body;
  if (typeof t.total_invoice_value === 'number' && typeof t.taxable_amount === 'number') {
    const taxes =
      numberOr0(t.cgst_amount) +
      numberOr0(t.sgst_amount) +
      numberOr0(t.igst_amount) +
      numberOr0(t.cess_amount) +
      numberOr0(t.cess_nonadvol_value);
    const floor = t.taxable_amount + taxes + Math.min(0, numberOr0(t.other_value));
    if (t.total_invoice_value + TOTAL_TOLERANCE < floor) {
      out.push(
        issue(
          `${p}total_invoice_value`,
          `${t.total_invoice_value} is below taxable_amount + taxes (${floor}) (NIC 620)`,
        ),
      );
    }
  }
  // https://docs.mastersindia.co/eway/generate-e-way-bill Part-B: an empty transportation_mode means Part-A only.
  const mode = isBlank(body.transportation_mode)
    ? undefined
    : MODE_BY_LABEL[lower(body.transportation_mode)];
  out.push(...partBIssues(body, mode, p, 'vehicle_number'));
  return out;
};

const updatePartB: Rule = (body, _ctx, p) => {
  const mode = MODE_BY_LABEL[lower(body.mode_of_transport)];
  return partBIssues(body, mode, p, 'vehicle_number');
};

const extendValidity: Rule = (body, _ctx, p) => {
  const out: MastersValidationIssue[] = [];
  const mode = MODE_BY_LABEL[lower(body.mode_of_transport)];
  const status = lower(body.consignment_status);
  // https://docs.mastersindia.co/eway/extend-validity-of-e-way-bill: consignment_status is M (moving) for modes 1-4 and T (in transit) for mode 5.
  if (mode !== undefined && (status === 'm' || status === 't')) {
    if (mode === 5 && status !== 't') {
      out.push(
        issue(
          `${p}consignment_status`,
          "must be 'T' when mode_of_transport is 5 (in transit) (https://docs.mastersindia.co/eway/extend-validity-of-e-way-bill)",
        ),
      );
    }
    if (mode <= 4 && status !== 'm') {
      out.push(
        issue(
          `${p}consignment_status`,
          "must be 'M' when mode_of_transport is 1-4 (https://docs.mastersindia.co/eway/extend-validity-of-e-way-bill)",
        ),
      );
    }
  }
  // https://docs.mastersindia.co/eway/extend-validity-of-e-way-bill: transit_type (R/W/O) only with T; empty otherwise; the address is needed in transit.
  if (status === 't') {
    if (isBlank(body.transit_type)) {
      out.push(
        issue(
          `${p}transit_type`,
          "required (R, W or O) when consignment_status is 'T' (https://docs.mastersindia.co/eway/extend-validity-of-e-way-bill)",
        ),
      );
    }
    if (isBlank(body.address_line1)) {
      out.push(
        issue(
          `${p}address_line1`,
          "required (current location) when consignment_status is 'T' (https://docs.mastersindia.co/eway/extend-validity-of-e-way-bill)",
        ),
      );
    }
  }
  if (status === 'm' && !isBlank(body.transit_type)) {
    out.push(
      issue(
        `${p}transit_type`,
        "must be '' when consignment_status is 'M' (https://docs.mastersindia.co/eway/extend-validity-of-e-way-bill)",
      ),
    );
  }
  if (status === 'm') out.push(...partBIssues(body, mode, p, 'vehicle_number'));
  return out;
};

const consolidated: Rule = (body, _ctx, p) => {
  const mode = MODE_BY_LABEL[lower(body.mode_of_transport)];
  return partBIssues(body, mode, p, 'vehicle_number');
};

const bulk =
  (listField: string): Rule =>
  (body, ctx, p) => {
    const list = body[listField];
    if (!Array.isArray(list)) return [];
    return list.flatMap((item: unknown, i) =>
      typeof item === 'object' && item !== null
        ? generate(item as Body, ctx, `${p}${listField}.${i}.`)
        : [],
    );
  };

/** The rules of each operation that has any (by operation name). */
export const RULES: Readonly<Record<string, Rule>> = {
  generate,
  updatePartB,
  extendValidity,
  generateConsolidated: consolidated,
  regenerateConsolidated: consolidated,
  generateBulk: bulk('ewayBillList'),
  bulkRequest: bulk('list'),
};
