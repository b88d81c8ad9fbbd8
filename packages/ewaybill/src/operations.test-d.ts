import type { MastersFetch } from '@mastersfetch/core';
import { describe, expectTypeOf, it } from 'vitest';
import {
  ewayBills,
  type EwayBills,
  type IstDateTime,
  type OperationName,
  type OperationRequest,
  type OperationResponse,
  type AddMultiVehicleRequest,
  type AddMultiVehicleResponse,
  type BulkAcceptedResponse,
  type BulkRequest,
  type BulkResult,
  type BulkResultRequest,
  type ByDateRequest,
  type ByDocumentResponse,
  type CancelRequest,
  type CancelResponse,
  type ChangeMultiVehicleRequest,
  type ChangeMultiVehicleResponse,
  type DistanceRequest,
  type DistanceResponse,
  type EwayBillDetails,
  type EwayBillListEntry,
  type ExtendValidityRequest,
  type ExtendValidityResponse,
  type FindByDocumentRequest,
  type GenerateBulkRequest,
  type GenerateByIrnRequest,
  type GenerateByIrnResponse,
  type GenerateConsolidatedRequest,
  type GenerateConsolidatedResponse,
  type GenerateRequest,
  type GenerateResult,
  type GetByIrnRequest,
  type GetByIrnResponse,
  type GetEwayBillRequest,
  type GetGstinDetailsRequest,
  type GetHsnDetailsRequest,
  type GetTransporterDetailsRequest,
  type GetTripSheetRequest,
  type GstinDetails,
  type HsnDetails,
  type InitiateMultiVehicleRequest,
  type InitiateMultiVehicleResponse,
  type OtherPartyEntry,
  type RegenerateConsolidatedRequest,
  type RegenerateConsolidatedResponse,
  type RejectRequest,
  type RejectResponse,
  type ReturnStatusRequest,
  type ReturnStatusResponse,
  type TransporterAssignedDateRequest,
  type TransporterByGstinRequest,
  type TransporterByStateRequest,
  type TransporterDetails,
  type TripSheet,
  type UpdatePartBRequest,
  type UpdatePartBResponse,
  type UpdateTransporterRequest,
  type UpdateTransporterResponse,
} from './index.js';

// The request (first parameter) and the answer (resolved value) of every operation, pinned to the
// exported named types, plus the normalized fields a caller relies on. A new operation fails the
// first test until it is pinned here too.

declare const fetch: MastersFetch;
const eway: EwayBills = ewayBills(fetch);

describe('the operations', () => {
  it('are exactly these 32', () => {
    expectTypeOf<OperationName>().toEqualTypeOf<
      | 'generate'
      | 'cancel'
      | 'updatePartB'
      | 'extendValidity'
      | 'updateTransporter'
      | 'reject'
      | 'generateConsolidated'
      | 'regenerateConsolidated'
      | 'initiateMultiVehicle'
      | 'addMultiVehicle'
      | 'changeMultiVehicle'
      | 'returnStatus'
      | 'generateBulk'
      | 'getBulkResult'
      | 'bulkRequest'
      | 'getBulkRequestResult'
      | 'getEwayBill'
      | 'getEwayBillsOfOtherParty'
      | 'getTripSheet'
      | 'getGstinDetails'
      | 'getTransporterDetails'
      | 'getHsnDetails'
      | 'findByDocument'
      | 'getEwayBillsByDate'
      | 'getEwayBillsRejectedByOthers'
      | 'getEwayBillsForTransporterByState'
      | 'getEwayBillsForTransporter'
      | 'getEwayBillsForTransporterByGstin'
      | 'getEwayBillReportByTransporterAssignedDate'
      | 'generateByIrn'
      | 'getEwayBillByIrn'
      | 'getDistance'
    >();
  });
});

describe('request types', () => {
  it('every method takes the named request type, the same as OperationRequest<name>', () => {
    expectTypeOf(eway.generate).parameter(0).toEqualTypeOf<GenerateRequest>();
    expectTypeOf<OperationRequest<'generate'>>().toEqualTypeOf<GenerateRequest>();
    expectTypeOf(eway.cancel).parameter(0).toEqualTypeOf<CancelRequest>();
    expectTypeOf<OperationRequest<'cancel'>>().toEqualTypeOf<CancelRequest>();
    expectTypeOf(eway.updatePartB).parameter(0).toEqualTypeOf<UpdatePartBRequest>();
    expectTypeOf<OperationRequest<'updatePartB'>>().toEqualTypeOf<UpdatePartBRequest>();
    expectTypeOf(eway.extendValidity).parameter(0).toEqualTypeOf<ExtendValidityRequest>();
    expectTypeOf<OperationRequest<'extendValidity'>>().toEqualTypeOf<ExtendValidityRequest>();
    expectTypeOf(eway.updateTransporter).parameter(0).toEqualTypeOf<UpdateTransporterRequest>();
    expectTypeOf<OperationRequest<'updateTransporter'>>().toEqualTypeOf<UpdateTransporterRequest>();
    expectTypeOf(eway.reject).parameter(0).toEqualTypeOf<RejectRequest>();
    expectTypeOf<OperationRequest<'reject'>>().toEqualTypeOf<RejectRequest>();
    expectTypeOf(eway.generateConsolidated)
      .parameter(0)
      .toEqualTypeOf<GenerateConsolidatedRequest>();
    expectTypeOf<
      OperationRequest<'generateConsolidated'>
    >().toEqualTypeOf<GenerateConsolidatedRequest>();
    expectTypeOf(eway.regenerateConsolidated)
      .parameter(0)
      .toEqualTypeOf<RegenerateConsolidatedRequest>();
    expectTypeOf<
      OperationRequest<'regenerateConsolidated'>
    >().toEqualTypeOf<RegenerateConsolidatedRequest>();
    expectTypeOf(eway.initiateMultiVehicle)
      .parameter(0)
      .toEqualTypeOf<InitiateMultiVehicleRequest>();
    expectTypeOf<
      OperationRequest<'initiateMultiVehicle'>
    >().toEqualTypeOf<InitiateMultiVehicleRequest>();
    expectTypeOf(eway.addMultiVehicle).parameter(0).toEqualTypeOf<AddMultiVehicleRequest>();
    expectTypeOf<OperationRequest<'addMultiVehicle'>>().toEqualTypeOf<AddMultiVehicleRequest>();
    expectTypeOf(eway.changeMultiVehicle).parameter(0).toEqualTypeOf<ChangeMultiVehicleRequest>();
    expectTypeOf<
      OperationRequest<'changeMultiVehicle'>
    >().toEqualTypeOf<ChangeMultiVehicleRequest>();
    expectTypeOf(eway.returnStatus).parameter(0).toEqualTypeOf<ReturnStatusRequest>();
    expectTypeOf<OperationRequest<'returnStatus'>>().toEqualTypeOf<ReturnStatusRequest>();
    expectTypeOf(eway.generateBulk).parameter(0).toEqualTypeOf<GenerateBulkRequest>();
    expectTypeOf<OperationRequest<'generateBulk'>>().toEqualTypeOf<GenerateBulkRequest>();
    expectTypeOf(eway.getBulkResult).parameter(0).toEqualTypeOf<BulkResultRequest>();
    expectTypeOf<OperationRequest<'getBulkResult'>>().toEqualTypeOf<BulkResultRequest>();
    expectTypeOf(eway.bulkRequest).parameter(0).toEqualTypeOf<BulkRequest>();
    expectTypeOf<OperationRequest<'bulkRequest'>>().toEqualTypeOf<BulkRequest>();
    expectTypeOf(eway.getBulkRequestResult).parameter(0).toEqualTypeOf<BulkResultRequest>();
    expectTypeOf<OperationRequest<'getBulkRequestResult'>>().toEqualTypeOf<BulkResultRequest>();
    expectTypeOf(eway.getEwayBill).parameter(0).toEqualTypeOf<GetEwayBillRequest>();
    expectTypeOf<OperationRequest<'getEwayBill'>>().toEqualTypeOf<GetEwayBillRequest>();
    expectTypeOf(eway.getEwayBillsOfOtherParty).parameter(0).toEqualTypeOf<ByDateRequest>();
    expectTypeOf<OperationRequest<'getEwayBillsOfOtherParty'>>().toEqualTypeOf<ByDateRequest>();
    expectTypeOf(eway.getTripSheet).parameter(0).toEqualTypeOf<GetTripSheetRequest>();
    expectTypeOf<OperationRequest<'getTripSheet'>>().toEqualTypeOf<GetTripSheetRequest>();
    expectTypeOf(eway.getGstinDetails).parameter(0).toEqualTypeOf<GetGstinDetailsRequest>();
    expectTypeOf<OperationRequest<'getGstinDetails'>>().toEqualTypeOf<GetGstinDetailsRequest>();
    expectTypeOf(eway.getTransporterDetails)
      .parameter(0)
      .toEqualTypeOf<GetTransporterDetailsRequest>();
    expectTypeOf<
      OperationRequest<'getTransporterDetails'>
    >().toEqualTypeOf<GetTransporterDetailsRequest>();
    expectTypeOf(eway.getHsnDetails).parameter(0).toEqualTypeOf<GetHsnDetailsRequest>();
    expectTypeOf<OperationRequest<'getHsnDetails'>>().toEqualTypeOf<GetHsnDetailsRequest>();
    expectTypeOf(eway.findByDocument).parameter(0).toEqualTypeOf<FindByDocumentRequest>();
    expectTypeOf<OperationRequest<'findByDocument'>>().toEqualTypeOf<FindByDocumentRequest>();
    expectTypeOf(eway.getEwayBillsByDate).parameter(0).toEqualTypeOf<ByDateRequest>();
    expectTypeOf<OperationRequest<'getEwayBillsByDate'>>().toEqualTypeOf<ByDateRequest>();
    expectTypeOf(eway.getEwayBillsRejectedByOthers).parameter(0).toEqualTypeOf<ByDateRequest>();
    expectTypeOf<OperationRequest<'getEwayBillsRejectedByOthers'>>().toEqualTypeOf<ByDateRequest>();
    expectTypeOf(eway.getEwayBillsForTransporterByState)
      .parameter(0)
      .toEqualTypeOf<TransporterByStateRequest>();
    expectTypeOf<
      OperationRequest<'getEwayBillsForTransporterByState'>
    >().toEqualTypeOf<TransporterByStateRequest>();
    expectTypeOf(eway.getEwayBillsForTransporter).parameter(0).toEqualTypeOf<ByDateRequest>();
    expectTypeOf<OperationRequest<'getEwayBillsForTransporter'>>().toEqualTypeOf<ByDateRequest>();
    expectTypeOf(eway.getEwayBillsForTransporterByGstin)
      .parameter(0)
      .toEqualTypeOf<TransporterByGstinRequest>();
    expectTypeOf<
      OperationRequest<'getEwayBillsForTransporterByGstin'>
    >().toEqualTypeOf<TransporterByGstinRequest>();
    expectTypeOf(eway.getEwayBillReportByTransporterAssignedDate)
      .parameter(0)
      .toEqualTypeOf<TransporterAssignedDateRequest>();
    expectTypeOf<
      OperationRequest<'getEwayBillReportByTransporterAssignedDate'>
    >().toEqualTypeOf<TransporterAssignedDateRequest>();
    expectTypeOf(eway.generateByIrn).parameter(0).toEqualTypeOf<GenerateByIrnRequest>();
    expectTypeOf<OperationRequest<'generateByIrn'>>().toEqualTypeOf<GenerateByIrnRequest>();
    expectTypeOf(eway.getEwayBillByIrn).parameter(0).toEqualTypeOf<GetByIrnRequest>();
    expectTypeOf<OperationRequest<'getEwayBillByIrn'>>().toEqualTypeOf<GetByIrnRequest>();
    expectTypeOf(eway.getDistance).parameter(0).toEqualTypeOf<DistanceRequest>();
    expectTypeOf<OperationRequest<'getDistance'>>().toEqualTypeOf<DistanceRequest>();
  });
});

describe('response types', () => {
  it('every method resolves the named response type', () => {
    expectTypeOf(eway.generate).returns.resolves.toEqualTypeOf<GenerateResult>();
    expectTypeOf(eway.cancel).returns.resolves.toEqualTypeOf<CancelResponse>();
    expectTypeOf<OperationResponse<'cancel'>>().toEqualTypeOf<CancelResponse>();
    expectTypeOf(eway.updatePartB).returns.resolves.toEqualTypeOf<UpdatePartBResponse>();
    expectTypeOf<OperationResponse<'updatePartB'>>().toEqualTypeOf<UpdatePartBResponse>();
    expectTypeOf(eway.extendValidity).returns.resolves.toEqualTypeOf<ExtendValidityResponse>();
    expectTypeOf<OperationResponse<'extendValidity'>>().toEqualTypeOf<ExtendValidityResponse>();
    expectTypeOf(
      eway.updateTransporter,
    ).returns.resolves.toEqualTypeOf<UpdateTransporterResponse>();
    expectTypeOf<
      OperationResponse<'updateTransporter'>
    >().toEqualTypeOf<UpdateTransporterResponse>();
    expectTypeOf(eway.reject).returns.resolves.toEqualTypeOf<RejectResponse>();
    expectTypeOf<OperationResponse<'reject'>>().toEqualTypeOf<RejectResponse>();
    expectTypeOf(
      eway.generateConsolidated,
    ).returns.resolves.toEqualTypeOf<GenerateConsolidatedResponse>();
    expectTypeOf<
      OperationResponse<'generateConsolidated'>
    >().toEqualTypeOf<GenerateConsolidatedResponse>();
    expectTypeOf(
      eway.regenerateConsolidated,
    ).returns.resolves.toEqualTypeOf<RegenerateConsolidatedResponse>();
    expectTypeOf<
      OperationResponse<'regenerateConsolidated'>
    >().toEqualTypeOf<RegenerateConsolidatedResponse>();
    expectTypeOf(
      eway.initiateMultiVehicle,
    ).returns.resolves.toEqualTypeOf<InitiateMultiVehicleResponse>();
    expectTypeOf<
      OperationResponse<'initiateMultiVehicle'>
    >().toEqualTypeOf<InitiateMultiVehicleResponse>();
    expectTypeOf(eway.addMultiVehicle).returns.resolves.toEqualTypeOf<AddMultiVehicleResponse>();
    expectTypeOf<OperationResponse<'addMultiVehicle'>>().toEqualTypeOf<AddMultiVehicleResponse>();
    expectTypeOf(
      eway.changeMultiVehicle,
    ).returns.resolves.toEqualTypeOf<ChangeMultiVehicleResponse>();
    expectTypeOf<
      OperationResponse<'changeMultiVehicle'>
    >().toEqualTypeOf<ChangeMultiVehicleResponse>();
    expectTypeOf(eway.returnStatus).returns.resolves.toEqualTypeOf<ReturnStatusResponse>();
    expectTypeOf<OperationResponse<'returnStatus'>>().toEqualTypeOf<ReturnStatusResponse>();
    expectTypeOf(eway.generateBulk).returns.resolves.toEqualTypeOf<BulkAcceptedResponse>();
    expectTypeOf<OperationResponse<'generateBulk'>>().toEqualTypeOf<BulkAcceptedResponse>();
    expectTypeOf(eway.getBulkResult).returns.resolves.toEqualTypeOf<BulkResult>();
    expectTypeOf(eway.bulkRequest).returns.resolves.toEqualTypeOf<BulkAcceptedResponse>();
    expectTypeOf<OperationResponse<'bulkRequest'>>().toEqualTypeOf<BulkAcceptedResponse>();
    expectTypeOf(eway.getBulkRequestResult).returns.resolves.toEqualTypeOf<BulkResult>();
    expectTypeOf(eway.getEwayBill).returns.resolves.toEqualTypeOf<EwayBillDetails>();
    expectTypeOf<OperationResponse<'getEwayBill'>>().toEqualTypeOf<EwayBillDetails>();
    // HSN codes are digit strings (a number would lose chapter 01-09's leading zero).
    expectTypeOf<NonNullable<EwayBillDetails['itemList']>[number]['hsn_code']>().toEqualTypeOf<
      string | undefined
    >();
    expectTypeOf<OtherPartyEntry['hsn_code']>().toEqualTypeOf<string | undefined>();
    expectTypeOf(eway.getEwayBillsOfOtherParty).returns.resolves.toEqualTypeOf<OtherPartyEntry[]>();
    expectTypeOf<OperationResponse<'getEwayBillsOfOtherParty'>>().toEqualTypeOf<
      OtherPartyEntry[]
    >();
    expectTypeOf(eway.getTripSheet).returns.resolves.toEqualTypeOf<TripSheet>();
    expectTypeOf<OperationResponse<'getTripSheet'>>().toEqualTypeOf<TripSheet>();
    expectTypeOf(eway.getGstinDetails).returns.resolves.toEqualTypeOf<GstinDetails>();
    expectTypeOf<OperationResponse<'getGstinDetails'>>().toEqualTypeOf<GstinDetails>();
    expectTypeOf(eway.getTransporterDetails).returns.resolves.toEqualTypeOf<TransporterDetails>();
    expectTypeOf<OperationResponse<'getTransporterDetails'>>().toEqualTypeOf<TransporterDetails>();
    expectTypeOf(eway.getHsnDetails).returns.resolves.toEqualTypeOf<HsnDetails>();
    expectTypeOf<OperationResponse<'getHsnDetails'>>().toEqualTypeOf<HsnDetails>();
    expectTypeOf(eway.findByDocument).returns.resolves.toEqualTypeOf<ByDocumentResponse>();
    expectTypeOf<OperationResponse<'findByDocument'>>().toEqualTypeOf<ByDocumentResponse>();
    expectTypeOf(eway.getEwayBillsByDate).returns.resolves.toEqualTypeOf<EwayBillListEntry[]>();
    expectTypeOf<OperationResponse<'getEwayBillsByDate'>>().toEqualTypeOf<EwayBillListEntry[]>();
    expectTypeOf(eway.getEwayBillsRejectedByOthers).returns.resolves.toEqualTypeOf<
      EwayBillListEntry[]
    >();
    expectTypeOf<OperationResponse<'getEwayBillsRejectedByOthers'>>().toEqualTypeOf<
      EwayBillListEntry[]
    >();
    expectTypeOf(eway.getEwayBillsForTransporterByState).returns.resolves.toEqualTypeOf<
      EwayBillListEntry[]
    >();
    expectTypeOf<OperationResponse<'getEwayBillsForTransporterByState'>>().toEqualTypeOf<
      EwayBillListEntry[]
    >();
    expectTypeOf(eway.getEwayBillsForTransporter).returns.resolves.toEqualTypeOf<
      EwayBillListEntry[]
    >();
    expectTypeOf<OperationResponse<'getEwayBillsForTransporter'>>().toEqualTypeOf<
      EwayBillListEntry[]
    >();
    expectTypeOf(eway.getEwayBillsForTransporterByGstin).returns.resolves.toEqualTypeOf<
      EwayBillListEntry[]
    >();
    expectTypeOf<OperationResponse<'getEwayBillsForTransporterByGstin'>>().toEqualTypeOf<
      EwayBillListEntry[]
    >();
    expectTypeOf(eway.getEwayBillReportByTransporterAssignedDate).returns.resolves.toEqualTypeOf<
      EwayBillListEntry[]
    >();
    expectTypeOf<OperationResponse<'getEwayBillReportByTransporterAssignedDate'>>().toEqualTypeOf<
      EwayBillListEntry[]
    >();
    expectTypeOf(eway.generateByIrn).returns.resolves.toEqualTypeOf<GenerateByIrnResponse>();
    expectTypeOf<OperationResponse<'generateByIrn'>>().toEqualTypeOf<GenerateByIrnResponse>();
    expectTypeOf(eway.getEwayBillByIrn).returns.resolves.toEqualTypeOf<GetByIrnResponse>();
    expectTypeOf<OperationResponse<'getEwayBillByIrn'>>().toEqualTypeOf<GetByIrnResponse>();
    expectTypeOf(eway.getDistance).returns.resolves.toEqualTypeOf<DistanceResponse>();
    expectTypeOf<OperationResponse<'getDistance'>>().toEqualTypeOf<DistanceResponse>();
  });
});

describe('normalized fields', () => {
  it('numbers the API prints either way are strings or numbers, never both', () => {
    expectTypeOf<UpdateTransporterResponse['ewayBillNo']>().toEqualTypeOf<string>();
    expectTypeOf<RejectResponse['ewayBillNo']>().toEqualTypeOf<string>();
    expectTypeOf<ExtendValidityResponse['validUpto']>().toEqualTypeOf<IstDateTime>();
    expectTypeOf<GenerateConsolidatedResponse['cEwbNo']>().toEqualTypeOf<string>();
    expectTypeOf<RegenerateConsolidatedResponse['tripSheetNo']>().toEqualTypeOf<string>();
    expectTypeOf<InitiateMultiVehicleResponse['groupNo']>().toEqualTypeOf<string>();
    expectTypeOf<AddMultiVehicleResponse['ewbNo']>().toEqualTypeOf<string>();
    expectTypeOf<ChangeMultiVehicleResponse['vehUpdDate']>().toEqualTypeOf<IstDateTime>();
    expectTypeOf<BulkAcceptedResponse['requestId']>().toEqualTypeOf<string>();
    expectTypeOf<EwayBillListEntry['eway_bill_number']>().toEqualTypeOf<string>();
    expectTypeOf<EwayBillListEntry['pincode_of_delivery']>().toEqualTypeOf<
      number | null | undefined
    >();
    expectTypeOf<GstinDetails['pincode']>().toEqualTypeOf<number | null | undefined>();
    expectTypeOf<GenerateByIrnResponse['EwbNo']>().toEqualTypeOf<string>();
    expectTypeOf<GetByIrnResponse['EwbDt']>().toEqualTypeOf<IstDateTime>();
    expectTypeOf<DistanceResponse['distance']>().toEqualTypeOf<number | null>();
    expectTypeOf<ReturnStatusResponse>().toEqualTypeOf<Record<string, unknown>>();
  });

  it('request fields accept what the API accepts: EWB numbers and pincodes as number or string', () => {
    expectTypeOf<UpdateTransporterRequest['eway_bill_number']>().toEqualTypeOf<string | number>();
    expectTypeOf<DistanceRequest['fromPincode']>().toEqualTypeOf<string | number>();
    expectTypeOf<GenerateConsolidatedRequest['list_of_eway_bills']>().toEqualTypeOf<
      { eway_bill_number: string | number }[]
    >();
    expectTypeOf<ReturnStatusRequest['gstin_list']>().toEqualTypeOf<{ gstin: string }[]>();
    expectTypeOf<BulkRequest['action']>().toEqualTypeOf<'eway'>();
  });
});
