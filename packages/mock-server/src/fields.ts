import { GSTIN_PATTERN } from './gstin-directory.js';

/** A parsed JSON request body. */
export type Fields = Record<string, unknown>;

export const SUPPLY_TYPES = new Set(['outward', 'inward']);
export const DOCUMENT_TYPES = new Set([
  'tax invoice',
  'bill of supply',
  'bill of entry',
  'delivery challan',
  'credit note',
  'others',
]);
export const TRANSPORT_MODES: Record<string, string> = {
  road: 'Road',
  rail: 'Rail',
  air: 'Air',
  ship: 'Ship',
  'in transit': 'In Transit',
  '1': 'Road',
  '2': 'Rail',
  '3': 'Air',
  '4': 'Ship',
  '5': 'In Transit',
};
export const TRANSACTION_TYPES: Record<string, string> = {
  '1': 'Regular',
  '2': 'Bill To - Ship To',
  '3': 'Bill/Dispatch From',
  '4': 'Combination of 2 and 3',
};
export const VEHICLE_PATTERN = /^[A-Z0-9]{4,15}$/i;
export const DOCUMENT_NUMBER_PATTERN = /^[A-Za-z0-9/-]{1,16}$/;
/** NIC's rule for regular cargo: one day of validity per 200 km (or part of it). */
export const KM_PER_VALIDITY_DAY = 200;

export const str = (value: unknown): string =>
  typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
export const num = (value: unknown): number | undefined => {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) {
    return Number(value);
  }
  return undefined;
};
export const isPincode = (value: unknown): boolean => {
  const n = num(value);
  return n !== undefined && Number.isInteger(n) && n >= 100_000 && n <= 999_999;
};
export const isGstinOrUrp = (value: unknown): boolean =>
  typeof value === 'string' && (value === 'URP' || GSTIN_PATTERN.test(value));
export const validityDays = (distanceKm: number): number =>
  Math.max(1, Math.ceil(distanceKm / KM_PER_VALIDITY_DAY));
