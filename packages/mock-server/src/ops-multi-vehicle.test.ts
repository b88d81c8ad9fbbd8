import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ALPHA, BETA, call, generateBody, login } from '../test/helpers.js';
import { startMockServer, type MockServer } from './index.js';

const SAMPLE_TIME = '2025-03-05T11:20:00+05:30';
const V1 = '/api/v1';
const ALPHA_GSTIN = '05AAAAA0000A1Z8';

let mock: MockServer;
let alpha: string;
beforeEach(async () => {
  mock = await startMockServer({ startTime: SAMPLE_TIME });
  alpha = await login(mock, ALPHA);
});
afterEach(async () => {
  await mock.close();
});

async function post(path: string, json: unknown, token = alpha) {
  const res = await call(mock, 'POST', `${V1}${path}`, { token, json });
  expect(res.status).toBe(200);
  return res.body.results;
}
async function generated(): Promise<number> {
  const results = await post('/ewayBillsGenerate/', generateBody());
  expect(results.code).toBe(200);
  return results.message.ewayBillNo as number;
}

/**
 * The doc bodies of https://docs.mastersindia.co/eway/initiate-multi-vehicle and its two sibling
 * pages.
 */
const initiateBody = (number: number, overrides: Record<string, unknown> = {}) => ({
  userGstin: ALPHA_GSTIN,
  eway_bill_number: number,
  reason_code_for_vehicle_updation: '1',
  reason_for_vehicle_updation: 'Due to Break Down',
  place_of_consignor: 'Dehradun',
  state_of_consignor: 'UTTARAKHAND',
  place_of_consignee: 'Noida',
  state_of_consignee: 'UTTAR PRADESH',
  mode_of_transport: 1,
  total_quantity: 100,
  unit_code: 'NOS',
  data_source: 'erp',
  ...overrides,
});
const addBody = (number: number, overrides: Record<string, unknown> = {}) => ({
  userGstin: ALPHA_GSTIN,
  eway_bill_number: number,
  group_number: '1',
  vehicle_number: 'UK07AB0001',
  transporter_document_number: 'LR-1',
  transporter_document_date: '05/03/2025',
  quantity: 60.5,
  data_source: 'erp',
  ...overrides,
});
const changeBody = (number: number, overrides: Record<string, unknown> = {}) => ({
  userGstin: ALPHA_GSTIN,
  eway_bill_number: number,
  group_number: 1,
  old_vehicle_number: 'UK07AB0001',
  new_vehicle_number: 'UK07AB0009',
  old_transporter_document_number: 'LR-1',
  new_transporter_document_number: 'LR-9',
  place_of_consignor: 'Haridwar',
  state_of_consignor: 'UTTARAKHAND',
  reason_code_for_vehicle_updation: '1',
  reason_for_vehicle_updation: 'Due to Break Down',
  data_source: 'erp',
  ...overrides,
});

// https://docs.mastersindia.co/eway/initiate-multi-vehicle, /add-multi-vehicles,
// /change-multi-vehicles
describe('multi-vehicle movement', () => {
  it('initiates a group, adds vehicles up to the total and changes one', async () => {
    const number = await generated();
    const initiated = await post('/multiVehicleMovement/', initiateBody(number));
    expect(initiated).toEqual({
      message: {
        ewbNo: String(number),
        groupNo: '1',
        createdDate: '05/03/2025 11:20:00 AM',
        error: false,
      },
      status: 'Success',
      code: 200,
    });
    mock.clock.advance(60_000);
    const added = await post('/addvehiclesDetailsforMultiVehicle/', addBody(number));
    expect(added.message).toEqual({
      ewbNo: String(number),
      groupNo: '1',
      vehAddedDate: '05/03/2025 11:21:00 AM',
      error: false,
    });
    const second = await post(
      '/addvehiclesDetailsforMultiVehicle/',
      addBody(number, { vehicle_number: 'UK07AB0002', quantity: 39.5 }),
    );
    expect(second.code).toBe(200);
    // NIC 400: the sum of quantities may not exceed the initiated total.
    expect(
      (
        await post(
          '/addvehiclesDetailsforMultiVehicle/',
          addBody(number, { vehicle_number: 'UK07AB0003', quantity: 0.5 }),
        )
      ).nic_code,
    ).toBe('400');
    const changed = await post('/changeVehiclesDetailsforMultiVehicle/', changeBody(number));
    expect(changed.message).toEqual({
      ewbNo: String(number),
      groupNo: '1',
      vehUpdDate: '05/03/2025 11:21:00 AM',
      error: false,
    });
    const details = await call(
      mock,
      'GET',
      `${V1}/getEwayBillData/?action=GetEwayBill&gstin=${ALPHA_GSTIN}&eway_bill_number=${number}`,
      { token: alpha },
    );
    const vehicles = details.body.results.message.VehiclListDetails;
    expect(vehicles[0]).toMatchObject({
      vehicle_number: 'UK07AB0009',
      transporter_document_number: 'LR-9',
      group_number: '1',
    });
    expect(vehicles.map((v: { group_number: string }) => v.group_number)).toEqual([
      '1',
      '1',
      '1',
      '0',
    ]);
    // A second initiation opens group 2.
    expect((await post('/multiVehicleMovement/', initiateBody(number))).message.groupNo).toBe('2');
  });

  it('initiate answers 220 for an invalid mode, 399 for a unit no item has, 312 for another GSTIN’s bill', async () => {
    const number = await generated();
    for (const mode_of_transport of [5, 9, '']) {
      expect(
        await post('/multiVehicleMovement/', initiateBody(number, { mode_of_transport })),
      ).toMatchObject({ code: 204, nic_code: '220', status: 'No Content' });
    }
    expect(
      (await post('/multiVehicleMovement/', initiateBody(number, { unit_code: 'KGS' }))).nic_code,
    ).toBe('399');
    expect(
      (await post('/multiVehicleMovement/', initiateBody(number, { total_quantity: 0 }))).nic_code,
    ).toBe('400');
    const beta = await login(mock, BETA);
    expect(
      (
        await post(
          '/multiVehicleMovement/',
          initiateBody(number, { userGstin: '09BBBBB1111B1ZL' }),
          beta,
        )
      ).nic_code,
    ).toBe('312');
    mock.clock.set('2025-03-08T00:00:00+05:30');
    const late = await login(mock, ALPHA);
    expect((await post('/multiVehicleMovement/', initiateBody(number), late)).nic_code).toBe('311');
  });

  it('add answers 406 / 411 for the group, 225 vehicle, 224 and 362 for the document date', async () => {
    const number = await generated();
    await post('/multiVehicleMovement/', initiateBody(number));
    const cases: [Record<string, unknown>, string][] = [
      [{ group_number: '' }, '406'],
      [{ group_number: '0' }, '406'],
      [{ group_number: '2' }, '411'],
      [{ vehicle_number: 'UK 07' }, '225'],
      [{ transporter_document_date: '2025-03-05' }, '224'],
      [{ transporter_document_date: '04/03/2025' }, '362'],
      [{ quantity: 0 }, '400'],
    ];
    for (const [overrides, code] of cases) {
      const results = await post('/addvehiclesDetailsforMultiVehicle/', addBody(number, overrides));
      expect([overrides, results.nic_code]).toEqual([overrides, code]);
    }
  });

  it('change answers 406 for an empty or zero group (the page’s example), 405 for an unknown old vehicle', async () => {
    const number = await generated();
    await post('/multiVehicleMovement/', initiateBody(number));
    await post('/addvehiclesDetailsforMultiVehicle/', addBody(number));
    for (const group_number of [0, '', undefined]) {
      expect(
        await post('/changeVehiclesDetailsforMultiVehicle/', changeBody(number, { group_number })),
      ).toEqual({
        message: '406: Group number cannot be empty or zero',
        status: 'No Content',
        code: 204,
        nic_code: '406',
      });
    }
    expect(
      (
        await post(
          '/changeVehiclesDetailsforMultiVehicle/',
          changeBody(number, { old_vehicle_number: 'UK07ZZ9999' }),
        )
      ).nic_code,
    ).toBe('405');
    expect(
      (
        await post(
          '/changeVehiclesDetailsforMultiVehicle/',
          changeBody(number, { new_vehicle_number: '' }),
        )
      ).nic_code,
    ).toBe('225');
  });
});
