import { afterEach, describe, expect, it } from 'vitest';
import { call, login } from '../test/helpers.js';
import { startMockServer, type MockServer } from './index.js';

/**
 * Made-up examples, sent as printed. The made-up generate request (modelled on
 * https://docs.mastersindia.co/eway/generate-e-way-bill) is copied unmodified (its GSTINs are
 * made up too, so the test user is given them).
 */
const REFERENCE_GENERATE_BODY = `{
  "userGstin": "05AAAAA0000A1Z5",
  "supply_type": "outward",
  "sub_supply_type": "Supply",
  "sub_supply_description": "",
  "document_type": "Tax Invoice",
  "document_number": "SIM/24-25/0001",
  "document_date": "05/03/2025",
  "gstin_of_consignor": "05AAAAA0000A1Z5",
  "legal_name_of_consignor": "Alpha Widgets Pvt Ltd",
  "address1_of_consignor": "Plot 7, Industrial Area",
  "address2_of_consignor": "",
  "place_of_consignor": "Dehradun",
  "pincode_of_consignor": 248001,
  "state_of_consignor": "UTTARAKHAND",
  "actual_from_state_name": "UTTARAKHAND",
  "gstin_of_consignee": "09BBBBB1111B1Z3",
  "legal_name_of_consignee": "Beta Retail LLP",
  "address1_of_consignee": "12 Market Road",
  "address2_of_consignee": "",
  "place_of_consignee": "Noida",
  "pincode_of_consignee": 201301,
  "state_of_supply": "UTTAR PRADESH",
  "actual_to_state_name": "UTTAR PRADESH",
  "transaction_type": 1,
  "other_value": 0,
  "total_invoice_value": 11800,
  "taxable_amount": 10000,
  "cgst_amount": 0,
  "sgst_amount": 0,
  "igst_amount": 1800,
  "cess_amount": 0,
  "cess_nonadvol_value": 0,
  "transporter_id": "05CCCCC2222C1Z1",
  "transporter_name": "Gamma Logistics",
  "transporter_document_number": "",
  "transporter_document_date": "",
  "transportation_mode": "Road",
  "transportation_distance": "210",
  "vehicle_number": "UK07AB1234",
  "vehicle_type": "Regular",
  "generate_status": 1,
  "data_source": "erp",
  "itemList": [
    { "product_name": "Steel bracket", "product_description": "Steel bracket 40mm", "hsn_code": "7326",
      "quantity": 100, "unit_of_product": "NOS", "cgst_rate": 0, "sgst_rate": 0, "igst_rate": 18,
      "cess_rate": 0, "cessNonAdvol": 0, "taxable_amount": 10000 }
  ]
}`;

let mock: MockServer | undefined;
afterEach(async () => {
  await mock?.close();
  mock = undefined;
});

describe('reference examples', () => {
  it('accepts the literal example generate body at its date (05/03/2025 11:20 IST)', async () => {
    mock = await startMockServer({
      startTime: '2025-03-05T11:20:00+05:30',
      users: [{ username: 'ref@example.com', password: 'secret-1', gstins: ['05AAAAA0000A1Z5'] }],
    });
    const token = await login(mock, { username: 'ref@example.com', password: 'secret-1' });
    const res = await call(mock, 'POST', '/api/v1/ewayBillsGenerate/', {
      token,
      body: REFERENCE_GENERATE_BODY,
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(200);
    expect(res.body.results).toMatchObject({
      status: 'Success',
      code: 200,
      // The mock's clock runs on from its start time: the request id's epoch seconds may have ticked.
      requestId: expect.stringMatching(/^ERP17411538\d\d_SIM\/24-25\/0001$/),
      message: { ewayBillNo: 351000000001, ewayBillDate: '05/03/2025 11:20:00 AM', error: false },
    });
  });
});
