import type { EwayBill } from './bill-records.js';
import { type Fields, num, str, TRANSACTION_TYPES, validityDays } from './fields.js';
import { formatIstDateTime } from './ist-time.js';

function amount(value: unknown): number {
  return num(value) ?? 0;
}

/**
 * The `GetEwayBill` message of https://docs.mastersindia.co/eway/get-e-way-bill-details (field
 * names exact).
 */
export function details(bill: EwayBill): Fields {
  const r = bill.request;
  const items = (r.itemList as Fields[]).map((item, index) => ({
    item_number: index + 1,
    product_id: 0,
    product_name: str(item.product_name),
    product_description: str(item.product_description),
    hsn_code: amount(item.hsn_code),
    quantity: amount(item.quantity),
    unit_of_product: str(item.unit_of_product),
    cgst_rate: amount(item.cgst_rate),
    sgst_rate: amount(item.sgst_rate),
    igst_rate: amount(item.igst_rate),
    cess_rate: amount(item.cess_rate),
    cessNonAdvol: amount(item.cessNonAdvol),
    taxable_amount: amount(item.taxable_amount),
  }));
  const validDays = bill.validUptoMs === null ? 0 : validityDays(bill.distanceKm);
  return {
    eway_bill_number: bill.number,
    eway_bill_date: formatIstDateTime(bill.generatedAtMs),
    generate_mode: 'API',
    userGstin: bill.userGstin,
    supply_type: str(r.supply_type).toUpperCase(),
    sub_supply_type: str(r.sub_supply_type),
    document_type: str(r.document_type),
    document_number: str(r.document_number),
    document_date: str(r.document_date),
    gstin_of_consignor: str(r.gstin_of_consignor),
    legal_name_of_consignor: str(r.legal_name_of_consignor),
    address1_of_consignor: str(r.address1_of_consignor),
    address2_of_consignor: str(r.address2_of_consignor),
    place_of_consignor: str(r.place_of_consignor),
    pincode_of_consignor: amount(r.pincode_of_consignor),
    state_of_consignor: str(r.state_of_consignor),
    gstin_of_consignee: str(r.gstin_of_consignee),
    legal_name_of_consignee: str(r.legal_name_of_consignee),
    address1_of_consignee: str(r.address1_of_consignee),
    address2_of_consignee: str(r.address2_of_consignee),
    place_of_consignee: str(r.place_of_consignee),
    pincode_of_consignee: amount(r.pincode_of_consignee),
    state_of_supply: str(r.state_of_supply),
    taxable_amount: amount(r.taxable_amount),
    total_invoice_value: amount(r.total_invoice_value),
    cgst_amount: amount(r.cgst_amount),
    sgst_amount: amount(r.sgst_amount),
    igst_amount: amount(r.igst_amount),
    cess_amount: amount(r.cess_amount),
    transporter_id: str(r.transporter_id),
    transporter_name: str(r.transporter_name).toUpperCase(),
    eway_bill_status: bill.status,
    transportation_distance: bill.distanceKm,
    number_of_valid_days: validDays,
    eway_bill_valid_date: bill.validUptoMs === null ? '' : formatIstDateTime(bill.validUptoMs),
    extended_times: bill.extendedTimes,
    reject_status: bill.rejectedAtMs === undefined ? 'N' : 'Y',
    vehicle_type: bill.vehicles.length === 0 ? '' : str(r.vehicle_type || 'regular').toLowerCase(),
    actual_from_state_name: str(r.actual_from_state_name),
    actual_to_state_name: str(r.actual_to_state_name),
    transaction_type: TRANSACTION_TYPES[str(r.transaction_type || '1')] ?? 'Regular',
    other_value: amount(r.other_value),
    cess_nonadvol_value: amount(r.cess_nonadvol_value),
    itemList: items,
    VehiclListDetails: bill.vehicles,
  };
}
