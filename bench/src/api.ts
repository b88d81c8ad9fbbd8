/** The mock endpoint every scenario calls: a cheap authenticated GET (GSTIN details). */
export const API_PATH = 'api/v1/getEwayBillData/';
export const API_QUERY = {
  action: 'GetGSTINDetails',
  gstin: '05AAAAA0000A1Z8',
  userGstin: '05AAAAA0000A1Z8',
};
