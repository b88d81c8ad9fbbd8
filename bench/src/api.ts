/** The mock endpoint every scenario calls: a cheap authenticated GET (GSTIN details). */
export const API_PATH = 'api/v1/getEwayBillData/';
export const API_QUERY = {
  action: 'GetGSTINDetails',
  gstin: '05AAAAA0000A1Z8',
  userGstin: '05AAAAA0000A1Z8',
};

/** Generate an e-way bill (https://docs.mastersindia.co/eway/generate-e-way-bill): the `typed` scenario. */
export const GENERATE_PATH = 'api/v1/ewayBillsGenerate/';
