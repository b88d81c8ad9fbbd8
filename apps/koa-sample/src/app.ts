import { bodyParser } from '@koa/bodyparser';
import Router from '@koa/router';
import { extendContext, mastersErrors, type MastersClient } from '@mastersfetch/koa';
import {
  createEwayBillService,
  healthBody,
  resolveTenant,
  sampleErrorResponse,
  type EwayBillService,
  type SampleConfig,
} from '@mastersfetch/sample-kit';
import Koa, { type Context, type Middleware } from 'koa';

/** The Koa sample: the app and its one Masters India client (close it on shutdown). */
export interface KoaSample {
  app: Koa;
  client: MastersClient;
}

/**
 * Answers the sample's own errors (400 `bad_request` / `unknown_tenant`, malformed JSON) and
 * anything unexpected (500) as JSON; mastersfetch errors were already answered by `mastersErrors()`.
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
 * Builds the Koa sample app (DESIGN §5 routes). `extendContext` gives every request a
 * `ctx.mastersFetch` acting as the tenant its `x-gstin` header picks (default: the configured GSTIN).
 */
export function createApp(config: SampleConfig): KoaSample {
  const app = new Koa();
  const client = extendContext(app, {
    ...config.clientOptions,
    resolveCredentials: (ctx) => resolveTenant(config, ctx.get('x-gstin')).credentials,
  });

  /** The tenant's e-way bill service; throws `unknown_tenant` before any API call. */
  const ewayBills = (ctx: Context): EwayBillService =>
    createEwayBillService(ctx.mastersFetch, resolveTenant(config, ctx.get('x-gstin')).gstin);

  const router = new Router();
  router.get('/health', (ctx) => {
    ctx.body = healthBody(client);
  });
  router.post('/ewaybills', async (ctx) => {
    ctx.status = 201;
    ctx.body = await ewayBills(ctx).generate(ctx.request.body);
  });
  router.get('/ewaybills/:number', async (ctx) => {
    ctx.body = await ewayBills(ctx).details(ctx.params.number ?? '');
  });
  router.patch('/ewaybills/:number/vehicle', async (ctx) => {
    ctx.body = await ewayBills(ctx).updatePartB(ctx.params.number ?? '', ctx.request.body);
  });
  router.post('/ewaybills/:number/cancel', async (ctx) => {
    ctx.body = await ewayBills(ctx).cancel(ctx.params.number ?? '', ctx.request.body);
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
