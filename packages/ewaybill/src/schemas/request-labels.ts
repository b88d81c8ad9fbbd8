// Enumerations of the request schemas, each from its operation's Masters India page.

/** Document types of https://docs.mastersindia.co/eway/generate-e-way-bill. */
export const DOCUMENT_TYPES = [
  'Tax Invoice',
  'Bill of Supply',
  'Bill of Entry',
  'Delivery Challan',
  'Credit Note',
  'Others',
] as const;
/** Transport modes of https://docs.mastersindia.co/eway/generate-e-way-bill (labels) and https://docs.mastersindia.co/eway/update-part-b (codes 1-5). */
export const TRANSPORT_MODES = ['Road', 'Rail', 'Air', 'Ship', 'In Transit'] as const;
/** Cancellation reasons of https://docs.mastersindia.co/eway/cancel-e-way-bill (NIC codes 1-4). */
export const CANCEL_REASONS = [
  'Duplicate',
  'Order Cancelled',
  'Data Entry mistake',
  'Others',
] as const;
/** Vehicle update reasons of https://docs.mastersindia.co/eway/update-part-b. */
export const VEHICLE_UPDATE_REASONS = [
  'Due to Break Down',
  'Due to Transhipment',
  'Others',
  'First Time',
] as const;
/** Extension reasons of https://docs.mastersindia.co/eway/extend-validity-of-e-way-bill. */
export const EXTEND_REASONS = [
  'Natural Calamity',
  'Law and Order Situation',
  'Transshipment',
  'Accident',
  'Others',
] as const;
