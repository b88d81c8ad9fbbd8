import { details } from './bill-details.js';
import type { EwayBill, TripSheet, VehicleGroup } from './bill-records.js';
import { NIC, gstinNotMapped, nic, successEnvelope } from './envelopes.js';
import { type Fields, num, str, TRANSPORT_MODES, VEHICLE_PATTERN, validityDays } from './fields.js';
import { GSTIN_DIRECTORY, type TaxpayerRecord } from './gstin-directory.js';
import {
  endOfIstDay,
  formatIstDateTime,
  formatIstDateTime24,
  parseRequestDate,
} from './ist-time.js';
import {
  CANCEL_REASONS,
  CANCEL_WINDOW_MS,
  checkDocumentAge,
  checkExtensionMode,
  checkExtensionWindow,
  checkTransportDocumentDate,
  validateGenerate,
  validityLapsed,
} from './rules.js';

export type { EwayBill, TripSheet, VehicleEntry, VehicleGroup } from './bill-records.js';

/** Who is calling and when, as the e-way operations need it. */
export interface OperationContext {
  /** Whether the caller may act for this GSTIN (mapped to the login, or `acceptAnyUser`). */
  mayActFor(gstin: string): boolean;
  /** Server clock, epoch ms. */
  nowMs: number;
  /**
   * Prefix of PDF links: by default the mock's `host:port` without a scheme, as production prints
   * them (docs/ARCHITECTURE.md §13); `http://host:port` with the `pdfUrlScheme` option.
   */
  baseUrl: string;
}

const FIRST_EWB_NUMBER = 351_000_000_001;

/**
 * In-memory e-way bills and the operations generate, cancel, Part-B, extend and the details
 * look-ups (docs/ARCHITECTURE.md §13), with NIC errors thrown as {@link NicError} (the server
 * turns them into HTTP 200 + `results.code` 204).
 */
export class EwayBillStore {
  private readonly bills = new Map<number, EwayBill>();
  /** `<userGstin>|<document_number>` → EWB number, for NIC 604 and the by-consignor look-up. */
  private readonly byDocument = new Map<string, number>();
  private nextNumber = FIRST_EWB_NUMBER;
  /**
   * Consolidated e-way bills (trip sheets) by number
   * (https://docs.mastersindia.co/eway/generate-consolidate-e-way-bill,
   * https://docs.mastersindia.co/eway/regenerate-consolidate-e-way-bill).
   */
  readonly tripSheets = new Map<number, TripSheet>();
  /**
   * Multi-vehicle groups by EWB number, group 1 first
   * (https://docs.mastersindia.co/eway/initiate-multi-vehicle).
   */
  readonly vehicleGroups = new Map<number, VehicleGroup[]>();
  /**
   * E-way bills generated from an IRN, by IRN
   * (https://docs.mastersindia.co/einvoicing/generate-e-way-bill-by-irn).
   */
  readonly irnBills = new Map<
    string,
    { ewbNo: number; genGstin: string; generatedAtMs: number; validUptoMs: number }
  >();
  /**
   * Asynchronous bulk requests by request id
   * (https://docs.mastersindia.co/eway/generate-e-way-bill-in-bulk).
   */
  readonly bulkRequests = new Map<string, { acceptedAtMs: number; results: unknown[] }>();

  clear(): void {
    this.tripSheets.clear();
    this.bulkRequests.clear();
    this.vehicleGroups.clear();
    this.irnBills.clear();
    this.bills.clear();
    this.byDocument.clear();
    this.nextNumber = FIRST_EWB_NUMBER;
  }

  /**
   * Every e-way bill, oldest first (the date-based look-ups,
   * https://docs.mastersindia.co/eway/get-ewb-by-date).
   */
  all(): IterableIterator<EwayBill> {
    return this.bills.values();
  }

  /** The next 12-digit EWB number (shared by generate and the IRN-based generate). */
  takeNumber(): number {
    return this.nextNumber++;
  }

  pdfUrl(ctx: OperationContext, bill: EwayBill): string {
    return `${ctx.baseUrl}/api/v1/detailPrintPdf/${bill.pdfId}/`;
  }

  requireGstin(ctx: OperationContext, gstin: unknown): string {
    const value = str(gstin);
    if (value === '' || !ctx.mayActFor(value)) gstinNotMapped(value);
    return value;
  }

  findBill(value: unknown, invalid: readonly [string, string] = NIC.ewbNumber): EwayBill {
    const n = num(value);
    if (n === undefined || !Number.isInteger(n) || String(n).length !== 12) nic(invalid);
    const bill = this.bills.get(n);
    if (!bill) nic(invalid);
    return bill;
  }

  /** `POST /api/v1/ewayBillsGenerate/` (https://docs.mastersindia.co/eway/generate-e-way-bill). */
  generate(fields: Fields, ctx: OperationContext): { message: Fields; requestId: string } {
    const userGstin = this.requireGstin(ctx, fields.userGstin);
    validateGenerate(fields);
    checkDocumentAge(parseRequestDate(fields.document_date)!, ctx.nowMs); // NIC 820
    checkTransportDocumentDate(fields.transporter_document_date, fields.document_date); // NIC 362
    const documentNumber = str(fields.document_number);
    const documentKey = `${userGstin}|${documentNumber.toUpperCase()}`;
    if (this.byDocument.has(documentKey)) nic(NIC.duplicate);

    const distanceKm = num(fields.transportation_distance) ?? 0;
    const vehicleNumber = str(fields.vehicle_number).toUpperCase();
    const transportDocument = str(fields.transporter_document_number);
    // Without a vehicle or transport document the bill is "Part-A only": no validity yet.
    const hasPartB = vehicleNumber !== '' || transportDocument !== '';
    const number = this.takeNumber();
    const bill: EwayBill = {
      number,
      userGstin,
      request: fields,
      generatedAtMs: ctx.nowMs,
      distanceKm,
      validUptoMs: hasPartB ? endOfIstDay(ctx.nowMs, validityDays(distanceKm)) : null,
      status: 'Active',
      extendedTimes: 0,
      vehicles: [],
      pdfId: `SIMPDF${String(number - FIRST_EWB_NUMBER + 1).padStart(6, '0')}`,
    };
    if (hasPartB) {
      bill.vehicles.unshift({
        update_mode: 'API',
        vehicle_number: vehicleNumber,
        place_of_consignor: str(fields.place_of_consignor),
        state_of_consignor: str(fields.state_of_consignor),
        tripshtNo: 0,
        userGstin,
        vehicle_number_update_date: formatIstDateTime(ctx.nowMs),
        transportation_mode:
          TRANSPORT_MODES[str(fields.transportation_mode).toLowerCase()] ?? 'Road',
        transporter_document_number: transportDocument,
        transporter_document_date: str(fields.transporter_document_date) || null,
        group_number: '0',
      });
    }
    this.bills.set(number, bill);
    this.byDocument.set(documentKey, number);
    return {
      message: {
        ewayBillNo: number,
        ewayBillDate: formatIstDateTime(bill.generatedAtMs),
        validUpto: bill.validUptoMs === null ? '' : formatIstDateTime(bill.validUptoMs),
        alert: '',
        error: false,
        url: this.pdfUrl(ctx, bill),
      },
      requestId: `ERP${Math.floor(ctx.nowMs / 1000)}_${documentNumber}`,
    };
  }

  /** `POST /api/v1/ewayBillCancel/` (https://docs.mastersindia.co/eway/cancel-e-way-bill). */
  cancel(fields: Fields, ctx: OperationContext): Fields {
    const userGstin = this.requireGstin(ctx, fields.userGstin);
    const bill = this.findBill(fields.eway_bill_number);
    // https://docs.mastersindia.co/eway/cancel-e-way-bill: only the generator may cancel, once (NIC
    // 312), within 24 h and before the validity lapses (NIC 315; the 24 h bound answering 315 is
    // [inferred]).
    if (bill.userGstin !== userGstin || bill.status === 'Cancelled') nic(NIC.notYoursOrCancelled);
    if (!CANCEL_REASONS.has(str(fields.reason_of_cancel).trim().toLowerCase())) {
      nic(NIC.cancelReason, 'reason_of_cancel');
    }
    if (
      validityLapsed(bill.validUptoMs, ctx.nowMs) ||
      ctx.nowMs - bill.generatedAtMs > CANCEL_WINDOW_MS
    ) {
      nic(NIC.cancelLapsed);
    }
    bill.status = 'Cancelled';
    bill.cancelledAtMs = ctx.nowMs;
    bill.detailsResponse = undefined;
    return {
      ewayBillNo: String(bill.number),
      cancelDate: formatIstDateTime(ctx.nowMs),
      error: false,
    };
  }

  /**
   * `POST /api/v1/updateVehicleNumber/` — Part-B (https://docs.mastersindia.co/eway/update-part-b).
   */
  updateVehicle(fields: Fields, ctx: OperationContext): Fields {
    const userGstin = this.requireGstin(ctx, fields.userGstin);
    const bill = this.findBill(fields.eway_bill_number);
    if (bill.status === 'Cancelled') nic(NIC.notYoursOrCancelled);
    // No Part-B update once the validity lapsed (NIC 311; docs/ARCHITECTURE.md §13).
    if (validityLapsed(bill.validUptoMs, ctx.nowMs)) nic(NIC.partBLapsed);
    const vehicleNumber = str(fields.vehicle_number).toUpperCase();
    if (!VEHICLE_PATTERN.test(vehicleNumber)) nic(NIC.vehicleFormat);
    const mode = TRANSPORT_MODES[str(fields.mode_of_transport ?? '1').toLowerCase()];
    if (mode === undefined) nic(NIC.transMode);
    const documentDate = fields.transporter_document_date;
    // 224 for a malformed date, 362 for one before the invoice date
    // (https://docs.mastersindia.co/eway/update-part-b).
    checkTransportDocumentDate(documentDate, bill.request.document_date);
    bill.vehicles.unshift({
      update_mode: 'API',
      vehicle_number: vehicleNumber,
      place_of_consignor: str(fields.place_of_consignor),
      state_of_consignor: str(fields.state_of_consignor),
      tripshtNo: 0,
      userGstin,
      vehicle_number_update_date: formatIstDateTime(ctx.nowMs),
      transportation_mode: mode,
      transporter_document_number: str(fields.transporter_document_number),
      transporter_document_date: str(documentDate) || null,
      group_number: '0',
    });
    // The first Part-B starts the validity clock; later vehicle changes keep it.
    bill.validUptoMs ??= endOfIstDay(ctx.nowMs, validityDays(bill.distanceKm));
    bill.detailsResponse = undefined;
    return {
      vehUpdDate: formatIstDateTime(ctx.nowMs),
      validUpto: formatIstDateTime(bill.validUptoMs),
      error: false,
      url: this.pdfUrl(ctx, bill),
    };
  }

  /**
   * `POST /api/v1/ewayBillValidityExtend/`
   * (https://docs.mastersindia.co/eway/extend-validity-of-e-way-bill and the extension rules of
   * docs/ARCHITECTURE.md §13: 379 cancelled, 381 no Part-B, 384 not generator/current transporter,
   * 389/390 remaining distance, 382 outside ±8 h of expiry, and the mode / consignment-status /
   * transit-type combinations).
   */
  extendValidity(fields: Fields, ctx: OperationContext): Fields {
    const userGstin = this.requireGstin(ctx, fields.userGstin);
    const bill = this.findBill(fields.eway_bill_number);
    if (bill.status === 'Cancelled') nic(NIC.extendCancelled);
    if (bill.validUptoMs === null) nic(NIC.extendNoPartB);
    if (userGstin !== bill.userGstin && userGstin !== str(bill.request.transporter_id)) {
      nic(NIC.extendNotTransporter);
    }
    if (fields.remaining_distance === undefined || fields.remaining_distance === '') {
      nic(NIC.remainingDistanceRequired);
    }
    const remaining = num(fields.remaining_distance);
    if (remaining === undefined || remaining < 0) nic(NIC.distance);
    if (bill.distanceKm > 0 && remaining > bill.distanceKm) nic(NIC.remainingDistance);
    checkExtensionMode(fields);
    checkExtensionWindow(bill.validUptoMs, ctx.nowMs);
    // [inferred] New validity: 23:59 IST of the day reached by counting one day per 200 km of the
    // remaining distance from the later of now and the old expiry (NIC's regular-cargo rule).
    const base = Math.max(ctx.nowMs, bill.validUptoMs);
    bill.validUptoMs = endOfIstDay(base, validityDays(remaining));
    bill.extendedTimes += 1;
    bill.detailsResponse = undefined;
    return {
      ewayBillNo: String(bill.number),
      updatedDate: formatIstDateTime(ctx.nowMs),
      validUpto: formatIstDateTime(bill.validUptoMs),
      error: false,
      url: this.pdfUrl(ctx, bill),
    };
  }

  /**
   * `GET getEwayBillData/?action=GetEwayBill`
   * (https://docs.mastersindia.co/eway/get-e-way-bill-details): the whole success-envelope body,
   * cached until the bill changes. Visible to the generator, consignor, consignee and transporter.
   */
  detailsResponse(query: URLSearchParams, ctx: OperationContext): string {
    const gstin = this.requireGstin(ctx, query.get('gstin'));
    const n = num(query.get('eway_bill_number'));
    const bill = n === undefined ? undefined : this.bills.get(n);
    if (!bill) nic(NIC.ewbNotFound);
    const request = bill.request;
    const parties = [
      bill.userGstin,
      request.gstin_of_consignor,
      request.gstin_of_consignee,
      request.transporter_id,
    ];
    if (!parties.includes(gstin)) nic(NIC.ewbNotFound);
    bill.detailsResponse ??= JSON.stringify(successEnvelope(details(bill)));
    return bill.detailsResponse;
  }

  /**
   * `GET getEwayBillData/?action=GetEwayBillGeneratedByConsigner`
   * (https://docs.mastersindia.co/eway/get-ewb-by-consignor).
   */
  byConsigner(query: URLSearchParams, ctx: OperationContext): Fields {
    const gstin = this.requireGstin(ctx, query.get('gstin'));
    const number = this.byDocument.get(
      `${gstin}|${str(query.get('document_number')).toUpperCase()}`,
    );
    const bill = number === undefined ? undefined : this.bills.get(number);
    if (!bill) nic(NIC.documentNotFound);
    return {
      ewayBillNo: bill.number,
      ewayBillDate: formatIstDateTime(bill.generatedAtMs),
      // The doc sample prints this one in 24-hour time with a trailing space
      // (https://docs.mastersindia.co/eway/get-ewb-by-consignor).
      validUpto: bill.validUptoMs === null ? '' : formatIstDateTime24(bill.validUptoMs),
      alert: '',
    };
  }

  /**
   * `GET getEwayBillData/?action=GetGSTINDetails`
   * (https://docs.mastersindia.co/eway/get-gstin-details); unknown GSTIN → NIC 325.
   */
  gstinDetails(query: URLSearchParams, ctx: OperationContext): TaxpayerRecord {
    this.requireGstin(ctx, query.get('userGstin'));
    const record = GSTIN_DIRECTORY.get(str(query.get('gstin')).toUpperCase());
    if (!record) nic(NIC.noData);
    return record;
  }
}
