import type { IncomingMessage } from 'node:http';
import express, { type ErrorRequestHandler, type Express, type Request } from 'express';
import { mastersErrorHandler, mastersIndia, type MastersClient } from '@mastersfetch/express';
import {
  createEwayBillService,
  healthBody,
  resolveTenant,
  sampleErrorResponse,
  type EwayBillService,
  type SampleConfig,
} from '@mastersfetch/sample-kit';

/** The `x-gstin` header (DESIGN §5): which tenant a request acts for. */
function gstinHeader(req: IncomingMessage): string | undefined {
  const value = req.headers['x-gstin'];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Builds the Express 5 sample service: `GET /health`, `POST /ewaybills`, `GET /ewaybills/:number`,
 * `PATCH /ewaybills/:number/vehicle`, `POST /ewaybills/:number/cancel` (DESIGN §5).
 *
 * One `MastersClient` serves every request; the `x-gstin` header picks the tenant, whose
 * credentials `mastersIndia()` hands to the core (`forCredentials`). Errors thrown by the async
 * handlers reach `mastersErrorHandler()` (ours) and then the app's handler (validation, tenants).
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

  const ewayBills = (req: Request): EwayBillService =>
    createEwayBillService(req.mastersFetch, resolveTenant(config, gstinHeader(req)).gstin);

  app.post('/ewaybills', async (req, res) => {
    res.status(201).json(await ewayBills(req).generate(req.body));
  });
  app.get('/ewaybills/:number', async (req, res) => {
    res.json(await ewayBills(req).details(req.params.number));
  });
  app.patch('/ewaybills/:number/vehicle', async (req, res) => {
    res.json(await ewayBills(req).updatePartB(req.params.number, req.body));
  });
  app.post('/ewaybills/:number/cancel', async (req, res) => {
    res.json(await ewayBills(req).cancel(req.params.number, req.body));
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
