/**
 * Taxpayer record returned by `GetGSTINDetails` (field names from
 * https://docs.mastersindia.co/eway/get-gstin-details).
 */
export interface TaxpayerRecord {
  gstin_of_taxpayer: string;
  trade_name: string;
  legal_name_of_business: string;
  address1: string;
  address2: string;
  state_name: string;
  pincode: string;
  taxpayer_type: string;
  status: string;
  block_status: string;
}

function taxpayer(
  gstin: string,
  name: string,
  address1: string,
  stateName: string,
  pincode: string,
): TaxpayerRecord {
  return {
    gstin_of_taxpayer: gstin,
    trade_name: name.toUpperCase(),
    legal_name_of_business: name,
    address1,
    address2: '',
    state_name: stateName,
    pincode,
    taxpayer_type: 'REG',
    status: 'ACT',
    block_status: 'U',
  };
}

/** Made-up taxpayers the mock knows; `GetGSTINDetails` answers NIC 325 for anything else. */
export const GSTIN_DIRECTORY: ReadonlyMap<string, TaxpayerRecord> = new Map(
  [
    taxpayer(
      '05AAAAA0000A1Z8',
      'Alpha Widgets Pvt Ltd',
      'Plot 7, Industrial Area',
      'UTTARAKHAND',
      '248001',
    ),
    taxpayer('09BBBBB1111B1ZL', 'Beta Retail LLP', '12 Market Road', 'UTTAR PRADESH', '201301'),
    taxpayer('05CCCCC2222C1ZE', 'Gamma Logistics', '3 Transport Nagar', 'UTTARAKHAND', '248002'),
    taxpayer('27CCCCC2222C1Z8', 'Gamma Logistics', '44 Bhiwandi Road', 'MAHARASHTRA', '421302'),
    taxpayer('29DDDDD3333D1ZP', 'Delta Components', '8 Peenya Phase 2', 'KARNATAKA', '560058'),
  ].map((record) => [record.gstin_of_taxpayer, record] as const),
);

/** 15-character GSTIN shape: state code, PAN, entity number, `Z`, check character. */
export const GSTIN_PATTERN = /^[0-9]{2}[A-Z]{5}[0-9]{4}[A-Z][0-9A-Z]Z[0-9A-Z]$/;
