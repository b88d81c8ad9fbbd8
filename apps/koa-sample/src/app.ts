import { bodyParser } from '@koa/bodyparser';
import Router from '@koa/router';
import { ewayBills } from '@mastersfetch/ewaybill';
import { extendContext, mastersErrors, type MastersClient } from '@mastersfetch/koa';
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
import Koa, { type Context, type Middleware } from 'koa';

/** The Koa sample: the app and its one Masters India client (close it on shutdown). */
export interface KoaSample {
  app: Koa;
  client: MastersClient;
}

/**
 * Answers the sample's own errors (400 `unknown_tenant`, malformed JSON) and anything unexpected
 * (500) as JSON; mastersfetch errors (validation → 400 `bad_request` with `fields`, NIC → 422, ...)
 * were already answered by `mastersErrors()`.
 */
const sampleErrors: Middleware = async (ctx, next) => {
  try {
    await next();
  } catch (err) {
    const { status, body } = sampleErrorResponse(err);
    ctx.status = status;
    ctx.body = body;
    if (status >= 500) ctx.app.emit('error', err, ctx);
  }
};

/**
 * Builds the Koa sample app (docs/ARCHITECTURE.md §10 routes). `extendContext` gives every request a
 * `ctx.mastersFetch` acting as the tenant its `x-gstin` header picks (default: the configured GSTIN);
 * each route is one call of `@mastersfetch/ewaybill` (`ewayBills(ctx)`).
 */
export function createApp(config: SampleConfig): KoaSample {
  const app = new Koa();
  const client = extendContext(app, {
    ...config.clientOptions,
    resolveCredentials: (ctx) => resolveTenant(config, ctx.get('x-gstin')).credentials,
  });

  /** The GSTIN the request acts for; throws `unknown_tenant` before any API call. */
  const gstin = (ctx: Context): string => resolveTenant(config, ctx.get('x-gstin')).gstin;

  const router = new Router();
  router.get('/health', (ctx) => {
    ctx.body = healthBody(client);
  });
  // `ewayBills(ctx)` uses the request's own ctx.mastersFetch: the tenant's credentials flow through.
  router.post('/ewaybills', async (ctx) => {
    const bill = await ewayBills(ctx).generate(generateRequest(ctx.request.body, gstin(ctx)));
    ctx.status = 201;
    ctx.body = generatedAnswer(bill);
  });
  router.get('/ewaybills/:number', async (ctx) => {
    ctx.body = await ewayBills(ctx).getEwayBill(detailsQuery(ctx.params.number ?? '', gstin(ctx)));
  });
  router.patch('/ewaybills/:number/vehicle', async (ctx) => {
    const request = partBRequest(ctx.params.number ?? '', ctx.request.body, gstin(ctx));
    ctx.body = partBAnswer(await ewayBills(ctx).updatePartB(request));
  });
  router.post('/ewaybills/:number/cancel', async (ctx) => {
    const request = cancelRequest(ctx.params.number ?? '', ctx.request.body, gstin(ctx));
    ctx.body = cancelAnswer(await ewayBills(ctx).cancel(request));
  });

  app.use(sampleErrors);
  app.use(mastersErrors());
  app.use(bodyParser({ enableTypes: ['json'] }));
  app.use(router.routes());
  app.use(router.allowedMethods());
  app.use((ctx) => {
    ctx.status = 404;
    ctx.body = { error: 'not_found', message: `No route for ${ctx.method} ${ctx.path}` };
  });
  return { app, client };
}
