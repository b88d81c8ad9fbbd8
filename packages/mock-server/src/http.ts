import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { StatsRecorder } from './stats.js';
import type { MockFaultRule, MockRequestRecord } from './types.js';

export const JSON_HEADERS = { 'content-type': 'application/json' } as const;

/** One request in flight: what the request log will record, plus plumbing state. */
export interface RequestContext extends MockRequestRecord {
  finished: boolean;
  /** An `after: true` fault to apply to the answer the handler produces. */
  afterFault?: MockFaultRule;
}

/**
 * HTTP plumbing shared by every handler: sending answers (with the mock clock's `Date` header),
 * recording each outcome once, and applying injected faults before or after the handler.
 */
export class Responder {
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly stats: StatsRecorder,
    /** Server clock (mock clock + `clockOffsetMs`), epoch ms. */
    private readonly serverNowMs: () => number,
    /** Whether the server clock differs from real time (then a `Date` header is set). */
    private readonly clockShifted: () => boolean,
  ) {}

  /** Record the outcome once; false when the request was already answered. */
  finish(ctx: RequestContext, status: number): boolean {
    if (ctx.finished) return false;
    ctx.finished = true;
    ctx.status = status;
    const record: MockRequestRecord = { at: ctx.at, method: ctx.method, path: ctx.path, status };
    if (ctx.username !== undefined) record.username = ctx.username;
    if (ctx.tokenGeneration !== undefined) record.tokenGeneration = ctx.tokenGeneration;
    if (ctx.bodySha256 !== undefined) record.bodySha256 = ctx.bodySha256;
    if (ctx.handledStatus !== undefined) record.handledStatus = ctx.handledStatus;
    this.stats.record(record);
    return true;
  }

  send(
    res: ServerResponse,
    ctx: RequestContext,
    status: number,
    payload: string | Buffer,
    headers: OutgoingHttpHeaders = JSON_HEADERS,
  ): void {
    const after = ctx.afterFault;
    if (after !== undefined) {
      ctx.afterFault = undefined;
      ctx.handledStatus = status;
      void this.applyAfterFault(after, res, ctx, () =>
        this.send(res, ctx, status, payload, headers),
      );
      return;
    }
    if (!this.finish(ctx, status)) return;
    if (res.destroyed || res.headersSent) return;
    if (this.clockShifted()) res.setHeader('date', new Date(this.serverNowMs()).toUTCString());
    const length = typeof payload === 'string' ? Buffer.byteLength(payload) : payload.length;
    for (const name in headers) res.setHeader(name, headers[name]!);
    res.setHeader('content-length', length);
    res.writeHead(status);
    res.end(payload);
  }

  sendJson(
    res: ServerResponse,
    ctx: RequestContext,
    status: number,
    body: unknown,
    headers?: OutgoingHttpHeaders,
  ): void {
    this.send(res, ctx, status, JSON.stringify(body), { ...JSON_HEADERS, ...headers });
  }

  delay(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.add(timer);
    });
  }

  /** Cancel pending fault delays (on close). */
  clearTimers(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  /** A before-handler fault. Returns true when it answered (or dropped) the request. */
  async applyFault(
    rule: MockFaultRule,
    req: IncomingMessage,
    res: ServerResponse,
    ctx: RequestContext,
  ): Promise<boolean> {
    if (rule.delayMs !== undefined && rule.delayMs > 0) await this.delay(rule.delayMs);
    if (res.destroyed) return true;
    if (rule.dropConnection) {
      this.finish(ctx, 0);
      req.socket.destroy();
      return true;
    }
    if (rule.status === undefined && rule.body === undefined) return false;
    this.sendFaultAnswer(rule, res, ctx);
    return true;
  }

  /**
   * An `after: true` fault: the handler already ran (its effect is kept); drop, delay or replace
   * its answer (`answer` sends the original one).
   */
  private async applyAfterFault(
    rule: MockFaultRule,
    res: ServerResponse,
    ctx: RequestContext,
    answer: () => void,
  ): Promise<void> {
    if (rule.delayMs !== undefined && rule.delayMs > 0) await this.delay(rule.delayMs);
    if (res.destroyed) {
      this.finish(ctx, 0);
      return;
    }
    if (rule.dropConnection) {
      this.finish(ctx, 0);
      res.socket?.destroy();
      return;
    }
    if (rule.status === undefined && rule.body === undefined) return answer();
    this.sendFaultAnswer(rule, res, ctx);
  }

  private sendFaultAnswer(rule: MockFaultRule, res: ServerResponse, ctx: RequestContext): void {
    const status = rule.status ?? 500;
    let payload = '';
    let contentType = 'application/json';
    if (typeof rule.body === 'string') {
      payload = rule.body;
      contentType = rule.body.trimStart().startsWith('<')
        ? 'text/html; charset=utf-8'
        : 'text/plain';
    } else if (rule.body !== undefined) {
      payload = JSON.stringify(rule.body);
    } else if (status !== 204 && status !== 304) {
      payload = JSON.stringify({ detail: `Injected fault (HTTP ${status}).` });
    }
    this.send(res, ctx, status, payload, { 'content-type': contentType, ...rule.headers });
  }
}
