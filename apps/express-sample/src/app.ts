import type { IncomingMessage } from 'node:http';
import express, { type ErrorRequestHandler, type Express, type Request } from 'express';
import { ewayBills } from '@mastersfetch/ewaybill';
import { mastersErrorHandler, mastersIndia, type MastersClient } from '@mastersfetch/express';
import {
  cancelAnswer,
  cancelRequest,
  detailsQuery,
  generateRequest,
  generatedAnswer,
  healthBody,
  partBAnswer,
  partBRequest,
  resolveTenant,
  sampleErrorResponse,
  type SampleConfig,
} from '@mastersfetch/sample-kit';

/** The `x-gstin` header (docs/ARCHITECTURE.md §10): which tenant a request acts for. */
function gstinHeader(req: IncomingMessage): string | undefined {
  const value = req.headers['x-gstin'];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Builds the Express 5 sample service: `GET /health`, `POST /ewaybills`, `GET /ewaybills/:number`,
 * `PATCH /ewaybills/:number/vehicle`, `POST /ewaybills/:number/cancel` (docs/ARCHITECTURE.md §10).
 *
 * One `MastersClient` serves every request; the `x-gstin` header picks the tenant, whose
 * credentials `mastersIndia()` hands to the core (`forCredentials`). Each route is one call of
 * `@mastersfetch/ewaybill` (`ewayBills(req)`), which validates the body before sending. Errors
 * thrown by the async handlers reach `mastersErrorHandler()` (validation → 400 `bad_request` with
 * `fields`, NIC errors → 422, ...) and then the app's handler (tenants, malformed JSON).
 *
 * @param config - From `loadSampleConfig()`.
 * @param client - The client to use (the caller closes it on shutdown).
 */
export function createApp(config: SampleConfig, client: MastersClient): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(express.json());

  // Before the Masters India middleware: health never needs a tenant and never logs in.
  app.get('/health', (_req, res) => {
    res.json(healthBody(client));
  });

  app.use(
    mastersIndia(client, {
      // Unknown GSTIN → throws SampleRequestError (400 unknown_tenant) → error handler.
      resolveCredentials: (req) => resolveTenant(config, gstinHeader(req)).credentials,
    }),
  );

  /** The GSTIN the request acts for (its `x-gstin` tenant, or the default one). */
  const gstin = (req: Request): string => resolveTenant(config, gstinHeader(req)).gstin;

  // `ewayBills(req)` uses the request's own mastersFetch: the tenant's credentials flow through.
  app.post('/ewaybills', async (req, res) => {
    const bill = await ewayBills(req).generate(generateRequest(req.body, gstin(req)));
    res.status(201).json(generatedAnswer(bill));
  });
  app.get('/ewaybills/:number', async (req, res) => {
    res.json(await ewayBills(req).getEwayBill(detailsQuery(req.params.number, gstin(req))));
  });
  app.patch('/ewaybills/:number/vehicle', async (req, res) => {
    const request = partBRequest(req.params.number, req.body, gstin(req));
    res.json(partBAnswer(await ewayBills(req).updatePartB(request)));
  });
  app.post('/ewaybills/:number/cancel', async (req, res) => {
    const request = cancelRequest(req.params.number, req.body, gstin(req));
    res.json(cancelAnswer(await ewayBills(req).cancel(request)));
  });

  app.use((req, res) => {
    res.status(404).json({ error: 'not_found', message: `No route for ${req.method} ${req.path}` });
  });
  app.use(mastersErrorHandler());
  const sampleErrors: ErrorRequestHandler = (err, _req, res, _next) => {
    const { status, body } = sampleErrorResponse(err);
    if (status >= 500) console.error(err);
    res.status(status).json(body);
  };
  app.use(sampleErrors);
  return app;
}
