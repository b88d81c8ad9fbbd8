/**
 * Multi-vehicle movement (https://docs.mastersindia.co/eway/initiate-multi-vehicle,
 * /add-multi-vehicles, /change-multi-vehicles): initiate a group with a total quantity, add
 * vehicles carrying parts of it, change a vehicle of a group.
 */
import { NIC, nic } from './envelopes.js';
import type { EwayBill, EwayBillStore, OperationContext, VehicleGroup } from './eway-bills.js';
import { type Fields, num, str, TRANSPORT_MODES, VEHICLE_PATTERN } from './fields.js';
import { formatIstDateTime } from './ist-time.js';
import { checkTransportDocumentDate, validityLapsed } from './rules.js';

/** The generator's active, unexpired bill (301 invalid number, 312 not yours/cancelled, 311 lapsed). */
function ownActiveBill(store: EwayBillStore, fields: Fields, ctx: OperationContext): EwayBill {
  const userGstin = store.requireGstin(ctx, fields.userGstin);
  const bill = store.findBill(fields.eway_bill_number);
  if (bill.userGstin !== userGstin || bill.status === 'Cancelled') nic(NIC.notYoursOrCancelled);
  if (validityLapsed(bill.validUptoMs, ctx.nowMs)) nic(NIC.partBLapsed);
  return bill;
}

/** The group named by `group_number` (string or integer): 406 empty/zero, 411 not initiated. */
function findGroup(store: EwayBillStore, bill: EwayBill, value: unknown): VehicleGroup {
  const groupNumber = num(value);
  if (groupNumber === undefined || groupNumber === 0) nic(NIC.multiVehicleGroup);
  const group = store.vehicleGroups.get(bill.number)?.find((g) => g.groupNumber === groupNumber);
  if (group === undefined) nic(NIC.multiVehicleNotInitiated);
  return group;
}

function vehicleNumber(value: unknown, field: string): string {
  const vehicle = str(value).toUpperCase();
  if (!VEHICLE_PATTERN.test(vehicle)) nic(NIC.vehicleFormat, field);
  return vehicle;
}

/**
 * Record a vehicle of a group in the bill's `VehiclListDetails` (newest first,
 * https://docs.mastersindia.co/eway/get-e-way-bill-details).
 */
function recordVehicle(
  bill: EwayBill,
  ctx: OperationContext,
  entry: {
    vehicle: string;
    document: string;
    documentDate: string;
    group: number;
    place: string;
    state: string;
  },
): void {
  bill.vehicles.unshift({
    update_mode: 'API',
    vehicle_number: entry.vehicle,
    place_of_consignor: entry.place,
    state_of_consignor: entry.state,
    tripshtNo: 0,
    userGstin: bill.userGstin,
    vehicle_number_update_date: formatIstDateTime(ctx.nowMs),
    transportation_mode: 'Road',
    transporter_document_number: entry.document,
    transporter_document_date: entry.documentDate || null,
    group_number: String(entry.group),
  });
  bill.detailsResponse = undefined;
}

/**
 * `POST /api/v1/multiVehicleMovement/`: 220 for a `mode_of_transport` other than 1-4 (the page's
 * error example; [inferred] "In Transit" cannot move in several vehicles), 399 for a `unit_code`
 * no item has, 400 for a `total_quantity` of zero or less [inferred].
 */
export function initiateMultiVehicle(
  store: EwayBillStore,
  fields: Fields,
  ctx: OperationContext,
): Fields {
  const bill = ownActiveBill(store, fields, ctx);
  const mode = TRANSPORT_MODES[str(fields.mode_of_transport).toLowerCase()];
  if (mode === undefined || mode === 'In Transit') nic(NIC.transMode, 'mode_of_transport');
  const unitCode = str(fields.unit_code).toUpperCase();
  const units = (bill.request.itemList as Fields[]).map((item) =>
    str(item.unit_of_product).toUpperCase(),
  );
  if (!units.includes(unitCode)) nic(NIC.multiVehicleUnit);
  const totalQuantity = num(fields.total_quantity);
  if (totalQuantity === undefined || totalQuantity <= 0) {
    nic(NIC.multiVehicleQuantity, 'total_quantity');
  }
  const groups = store.vehicleGroups.get(bill.number) ?? [];
  const group: VehicleGroup = {
    groupNumber: groups.length + 1,
    unitCode,
    totalQuantity,
    vehicles: [],
  };
  groups.push(group);
  store.vehicleGroups.set(bill.number, groups);
  return {
    ewbNo: String(bill.number),
    groupNo: String(group.groupNumber),
    createdDate: formatIstDateTime(ctx.nowMs),
    error: false,
  };
}

/**
 * `POST /api/v1/addvehiclesDetailsforMultiVehicle/`: 406/411 group, 225 vehicle, 224/362 transport
 * document date, 400 when the group's quantities would exceed the initiated total.
 */
export function addMultiVehicle(
  store: EwayBillStore,
  fields: Fields,
  ctx: OperationContext,
): Fields {
  const bill = ownActiveBill(store, fields, ctx);
  const group = findGroup(store, bill, fields.group_number);
  const vehicle = vehicleNumber(fields.vehicle_number, 'vehicle_number');
  checkTransportDocumentDate(fields.transporter_document_date, bill.request.document_date);
  const quantity = num(fields.quantity);
  if (quantity === undefined || quantity <= 0) nic(NIC.multiVehicleQuantity, 'quantity');
  const carried = group.vehicles.reduce((sum, entry) => sum + entry.quantity, 0);
  if (carried + quantity > group.totalQuantity) nic(NIC.multiVehicleQuantity);
  const document = str(fields.transporter_document_number);
  group.vehicles.push({ vehicleNumber: vehicle, transportDocument: document, quantity });
  const last = bill.vehicles[0];
  recordVehicle(bill, ctx, {
    vehicle,
    document,
    documentDate: str(fields.transporter_document_date),
    group: group.groupNumber,
    place: last?.place_of_consignor ?? str(bill.request.place_of_consignor),
    state: last?.state_of_consignor ?? str(bill.request.state_of_consignor),
  });
  return {
    ewbNo: String(bill.number),
    groupNo: String(group.groupNumber),
    vehAddedDate: formatIstDateTime(ctx.nowMs),
    error: false,
  };
}

/**
 * `POST /api/v1/changeVehiclesDetailsforMultiVehicle/`: 406 empty/zero group (the page's error
 * example), 411 unknown group, 225 vehicle format, 405 when the old vehicle (and, when given, the
 * old transport document) is not in the group.
 */
export function changeMultiVehicle(
  store: EwayBillStore,
  fields: Fields,
  ctx: OperationContext,
): Fields {
  const bill = ownActiveBill(store, fields, ctx);
  const group = findGroup(store, bill, fields.group_number);
  const oldVehicle = str(fields.old_vehicle_number).toUpperCase();
  const newVehicle = vehicleNumber(fields.new_vehicle_number, 'new_vehicle_number');
  const oldDocument = str(fields.old_transporter_document_number);
  const entry = group.vehicles.find(
    (v) =>
      v.vehicleNumber === oldVehicle && (oldDocument === '' || v.transportDocument === oldDocument),
  );
  if (entry === undefined) nic(NIC.multiVehicleOld);
  entry.vehicleNumber = newVehicle;
  const newDocument = str(fields.new_transporter_document_number);
  if (newDocument !== '') entry.transportDocument = newDocument;
  recordVehicle(bill, ctx, {
    vehicle: newVehicle,
    document: entry.transportDocument,
    documentDate: '',
    group: group.groupNumber,
    place: str(fields.place_of_consignor),
    state: str(fields.state_of_consignor),
  });
  return {
    ewbNo: String(bill.number),
    groupNo: String(group.groupNumber),
    vehUpdDate: formatIstDateTime(ctx.nowMs),
    error: false,
  };
}
