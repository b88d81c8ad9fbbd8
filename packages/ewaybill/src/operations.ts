import type { z } from 'zod';
import * as req from './schemas/requests.js';
import * as res from './schemas/responses.js';
import { readUsualGenerateAnswer } from './usual-answer.js';

/** One e-way bill operation: where it goes, what it takes and answers, and whether it is safe to repeat. */
export interface OperationDefinition<
  Req extends z.ZodType = z.ZodType,
  Res extends z.ZodType = z.ZodType,
> {
  /** Our function name, e.g. `'generate'`. */
  name: string;
  method: 'GET' | 'POST';
  /** Path relative to the base URL, always with the trailing slash (docs/ARCHITECTURE.md §13). */
  path: string;
  /** The `action` query value of the multiplexed look-ups (docs/ARCHITECTURE.md §13). */
  action?: string;
  request: Req;
  response: Res;
  /**
   * A look-up or another call that changes nothing: retried once on NIC 105/106/238 and
   * subject to the 118/658 backoff. Writes are never retried (a repeated generate can create a
   * second bill).
   */
  isIdempotent: boolean;
  /** The NIC codes its Masters India page shows or names (docs/ARCHITECTURE.md §13). */
  nicCodes: readonly string[];
  /** Where the payload sits when it is not `results.message` (distance: `results.distance`). */
  payload?: 'results';
  /**
   * Reads the answer's usual printed shape without the schema: what `response.parse` returns, or
   * `undefined` to let the schema decide (generate's, ./usual-answer.ts).
   */
  readUsualAnswer?: (payload: unknown) => z.output<Res> | undefined;
}

function op<Req extends z.ZodType, Res extends z.ZodType>(
  definition: OperationDefinition<Req, Res>,
): OperationDefinition<Req, Res> {
  return definition;
}

const LOOKUP = 'api/v1/getEwayBillData/';
const lookup = <Req extends z.ZodType, Res extends z.ZodType>(
  name: string,
  action: string,
  request: Req,
  response: Res,
  nicCodes: readonly string[],
) =>
  op({
    name,
    method: 'GET',
    path: LOOKUP,
    action,
    request,
    response,
    isIdempotent: true,
    nicCodes,
  });

/** Every operation (docs/ARCHITECTURE.md §11): the 29 documented ones plus IRN generate/get and distance. */
export const OPERATIONS = {
  generate: op({
    name: 'generate',
    method: 'POST',
    path: 'api/v1/ewayBillsGenerate/',
    request: req.generateRequestSchema,
    response: res.generateResponseSchema,
    isIdempotent: false,
    nicCodes: ['437', '604', '620', '820', '201-237', '238', '105', '106'],
    readUsualAnswer: readUsualGenerateAnswer,
  }),
  cancel: op({
    name: 'cancel',
    method: 'POST',
    path: 'api/v1/ewayBillCancel/',
    request: req.cancelRequestSchema,
    response: res.cancelResponseSchema,
    isIdempotent: false,
    nicCodes: ['312', '315', '316'],
  }),
  updatePartB: op({
    name: 'updatePartB',
    method: 'POST',
    path: 'api/v1/updateVehicleNumber/',
    request: req.updatePartBRequestSchema,
    response: res.updatePartBResponseSchema,
    isIdempotent: false,
    nicCodes: ['362', '303', '304', '305', '306', '307', '311', '338'],
  }),
  extendValidity: op({
    name: 'extendValidity',
    method: 'POST',
    path: 'api/v1/ewayBillValidityExtend/',
    request: req.extendValidityRequestSchema,
    response: res.extendValidityResponseSchema,
    isIdempotent: false,
    nicCodes: ['301', '379', '380', '381', '382', '384', '389', '390'],
  }),
  updateTransporter: op({
    name: 'updateTransporter',
    method: 'POST',
    path: 'api/v1/transporterIdUpdate/',
    request: req.updateTransporterRequestSchema,
    response: res.updateTransporterResponseSchema,
    isIdempotent: false,
    nicCodes: ['222', '338'],
  }),
  reject: op({
    name: 'reject',
    method: 'POST',
    path: 'api/v1/ewayBillReject/',
    request: req.rejectRequestSchema,
    response: res.rejectResponseSchema,
    isIdempotent: false,
    nicCodes: ['344', '341', '342', '343', '345', '346'],
  }),
  generateConsolidated: op({
    name: 'generateConsolidated',
    method: 'POST',
    path: 'api/v1/consolidatedEwayBillsGenerate/',
    request: req.generateConsolidatedRequestSchema,
    response: res.generateConsolidatedResponseSchema,
    isIdempotent: false,
    nicCodes: ['224'],
  }),
  regenerateConsolidated: op({
    name: 'regenerateConsolidated',
    method: 'POST',
    path: 'api/v1/consolidatedEwayBillsRegenerate/',
    request: req.regenerateConsolidatedRequestSchema,
    response: res.regenerateConsolidatedResponseSchema,
    isIdempotent: false,
    nicCodes: ['224'],
  }),
  initiateMultiVehicle: op({
    name: 'initiateMultiVehicle',
    method: 'POST',
    path: 'api/v1/multiVehicleMovement/',
    request: req.initiateMultiVehicleRequestSchema,
    response: res.initiateMultiVehicleResponseSchema,
    isIdempotent: false,
    nicCodes: ['220', '399'],
  }),
  addMultiVehicle: op({
    name: 'addMultiVehicle',
    method: 'POST',
    path: 'api/v1/addvehiclesDetailsforMultiVehicle/',
    request: req.addMultiVehicleRequestSchema,
    response: res.addMultiVehicleResponseSchema,
    isIdempotent: false,
    nicCodes: ['224', '400'],
  }),
  changeMultiVehicle: op({
    name: 'changeMultiVehicle',
    method: 'POST',
    path: 'api/v1/changeVehiclesDetailsforMultiVehicle/',
    request: req.changeMultiVehicleRequestSchema,
    response: res.changeMultiVehicleResponseSchema,
    isIdempotent: false,
    nicCodes: ['406'],
  }),
  returnStatus: op({
    name: 'returnStatus',
    method: 'POST',
    path: 'api/v1/returnStatus/',
    request: req.returnStatusRequestSchema,
    response: res.returnStatusResponseSchema,
    // A read of the GSTINs' status: changes nothing.
    isIdempotent: true,
    nicCodes: [],
  }),
  generateBulk: op({
    name: 'generateBulk',
    method: 'POST',
    path: 'api/v1/ewayBillsGenerateInBulk/',
    request: req.generateBulkRequestSchema,
    response: res.bulkAcceptedResponseSchema,
    isIdempotent: false,
    nicCodes: [],
    payload: 'results',
  }),
  getBulkResult: op({
    name: 'getBulkResult',
    method: 'GET',
    path: 'api/v1/getBulkEwayBillsResponse/',
    request: req.bulkResultRequestSchema,
    response: res.generateResponseSchema,
    isIdempotent: true,
    nicCodes: [],
  }),
  bulkRequest: op({
    name: 'bulkRequest',
    method: 'POST',
    path: 'api/v1/bulkEwayApiRequest/',
    request: req.bulkRequestSchema,
    response: res.bulkAcceptedResponseSchema,
    isIdempotent: false,
    nicCodes: [],
    payload: 'results',
  }),
  getBulkRequestResult: op({
    name: 'getBulkRequestResult',
    method: 'GET',
    path: 'api/v1/bulkEwayApiResponse/',
    request: req.bulkResultRequestSchema,
    response: res.generateResponseSchema,
    isIdempotent: true,
    nicCodes: [],
  }),
  getEwayBill: lookup(
    'getEwayBill',
    'GetEwayBill',
    req.getEwayBillRequestSchema,
    res.ewayBillDetailsSchema,
    ['357'],
  ),
  getEwayBillsOfOtherParty: lookup(
    'getEwayBillsOfOtherParty',
    'GetEwayBillsofOtherParty',
    req.byDateRequestSchema,
    res.otherPartyListSchema,
    ['366'],
  ),
  getTripSheet: lookup(
    'getTripSheet',
    'GetTripSheet',
    req.getTripSheetRequestSchema,
    res.tripSheetSchema,
    ['325'],
  ),
  getGstinDetails: lookup(
    'getGstinDetails',
    'GetGSTINDetails',
    req.getGstinDetailsRequestSchema,
    res.gstinDetailsSchema,
    ['325'],
  ),
  getTransporterDetails: lookup(
    'getTransporterDetails',
    'GetTransporterDetails',
    req.getTransporterDetailsRequestSchema,
    res.transporterDetailsSchema,
    ['325'],
  ),
  getHsnDetails: lookup(
    'getHsnDetails',
    'GetHsnDetailsByHsnCode',
    req.getHsnDetailsRequestSchema,
    res.hsnDetailsSchema,
    ['216'],
  ),
  findByDocument: lookup(
    'findByDocument',
    'GetEwayBillGeneratedByConsigner',
    req.findByDocumentRequestSchema,
    res.byDocumentResponseSchema,
    ['418'],
  ),
  getEwayBillsByDate: lookup(
    'getEwayBillsByDate',
    'GetEwayBillsByDate',
    req.byDateRequestSchema,
    res.ewayBillListSchema,
    ['418'],
  ),
  getEwayBillsRejectedByOthers: lookup(
    'getEwayBillsRejectedByOthers',
    'GetEwayBillsRejectedByOthers',
    req.byDateRequestSchema,
    res.ewayBillListSchema,
    ['418'],
  ),
  getEwayBillsForTransporterByState: lookup(
    'getEwayBillsForTransporterByState',
    'GetEwayBillsForTransporterByState',
    req.transporterByStateRequestSchema,
    res.ewayBillListSchema,
    ['336'],
  ),
  getEwayBillsForTransporter: lookup(
    'getEwayBillsForTransporter',
    'GetEwayBillsForTransporter',
    req.byDateRequestSchema,
    res.ewayBillListSchema,
    ['336'],
  ),
  getEwayBillsForTransporterByGstin: lookup(
    'getEwayBillsForTransporterByGstin',
    'GetEwayBillsForTransporterByGstin',
    req.transporterByGstinRequestSchema,
    res.ewayBillListSchema,
    ['336'],
  ),
  getEwayBillReportByTransporterAssignedDate: lookup(
    'getEwayBillReportByTransporterAssignedDate',
    'GetEwayBillReportByTransporterassignedDate',
    req.transporterAssignedDateRequestSchema,
    res.ewayBillListSchema,
    ['336'],
  ),
  generateByIrn: op({
    name: 'generateByIrn',
    method: 'POST',
    path: 'api/v1/gen-ewb-by-irn/',
    request: req.generateByIrnRequestSchema,
    response: res.generateByIrnResponseSchema,
    isIdempotent: false,
    nicCodes: ['2302'],
  }),
  getEwayBillByIrn: op({
    name: 'getEwayBillByIrn',
    method: 'GET',
    path: 'api/v1/get-ewb-byirn/',
    request: req.getByIrnRequestSchema,
    response: res.getByIrnResponseSchema,
    isIdempotent: true,
    nicCodes: ['4005'],
  }),
  getDistance: op({
    name: 'getDistance',
    method: 'GET',
    path: 'api/v1/distance/',
    request: req.distanceRequestSchema,
    response: res.distanceResponseSchema,
    isIdempotent: true,
    nicCodes: [],
    payload: 'results',
  }),
} as const;

/** The name of an operation, e.g. `'generate'`. */
export type OperationName = keyof typeof OPERATIONS;
/** The request body (POST) or query (GET) of an operation, as the caller writes it. */
export type OperationRequest<N extends OperationName> = z.input<(typeof OPERATIONS)[N]['request']>;
/** The normalized answer of an operation. */
export type OperationResponse<N extends OperationName> = z.output<
  (typeof OPERATIONS)[N]['response']
>;
