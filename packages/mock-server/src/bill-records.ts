import type { Fields } from './fields.js';

// The records the mock keeps per e-way bill, movement and trip sheet (types only, so that the
// operations and the details view can share them without importing each other).

export interface VehicleEntry {
  update_mode: string;
  vehicle_number: string;
  place_of_consignor: string;
  state_of_consignor: string;
  tripshtNo: number;
  userGstin: string;
  vehicle_number_update_date: string;
  transportation_mode: string;
  transporter_document_number: string;
  transporter_document_date: string | null;
  group_number: string;
}

export interface EwayBill {
  number: number;
  userGstin: string;
  request: Fields;
  generatedAtMs: number;
  distanceKm: number;
  validUptoMs: number | null;
  status: 'Active' | 'Cancelled';
  cancelledAtMs?: number;
  extendedTimes: number;
  /**
   * When the other party rejected the bill (https://docs.mastersindia.co/eway/reject-e-way-bill).
   */
  rejectedAtMs?: number;
  /**
   * When the current transporter was assigned by update transporter
   * (https://docs.mastersindia.co/eway/update-transporter); else generation.
   */
  transporterAssignedAtMs?: number;
  vehicles: VehicleEntry[];
  pdfId: string;
  /**
   * Cached `GetEwayBill` response body, dropped on every change to the bill.
   */
  detailsResponse?: string;
}

/**
 * A multi-vehicle movement of one e-way bill
 * (https://docs.mastersindia.co/eway/initiate-multi-vehicle).
 */
export interface VehicleGroup {
  groupNumber: number;
  unitCode: string;
  totalQuantity: number;
  vehicles: { vehicleNumber: string; transportDocument: string; quantity: number }[];
}

/**
 * A consolidated e-way bill (trip sheet),
 * https://docs.mastersindia.co/eway/generate-consolidate-e-way-bill.
 */
export interface TripSheet {
  number: number;
  userGstin: string;
  request: Fields;
  createdAtMs: number;
  billNumbers: number[];
}
