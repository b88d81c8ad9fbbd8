import 'reflect-metadata';
import { Body, Controller, Inject, Module, Post, type INestApplication } from '@nestjs/common';
import { APP_FILTER, NestFactory } from '@nestjs/core';
import {
  DEMO_USERS,
  exampleGenerateBody,
  startMockServer,
  type MockServer,
} from '@mastersfetch/mock-server';
import {
  MastersExceptionFilter,
  MastersIndiaModule,
  MastersIndiaService,
} from '@mastersfetch/nestjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EwayBills, ewayBills } from '../src/index.js';

// The injectable service at runtime: a real Nest 11 app on Express, `EwayBills` provided from
// `MastersIndiaService` as the README shows, a request through a controller to the mock.
// Decorators are applied as functions: this package compiles without decorator support.

const GENERATE = '/api/v1/ewayBillsGenerate/';
const [alpha] = DEMO_USERS;

class BillsController {
  constructor(private readonly eway: EwayBills) {}

  generate(body: Record<string, unknown>) {
    return this.eway.generate(body as Parameters<EwayBills['generate']>[0]);
  }
}
Inject(EwayBills)(BillsController, undefined, 0);
const generate = Object.getOwnPropertyDescriptor(BillsController.prototype, 'generate')!;
Post('bills')(BillsController.prototype, 'generate', generate);
Body()(BillsController.prototype, 'generate', 0);
Controller()(BillsController);

let mock: MockServer;
let app: INestApplication;
let url: string;

beforeAll(async () => {
  mock = await startMockServer();
  class AppModule {}
  Module({
    imports: [
      MastersIndiaModule.forRoot({
        baseUrl: mock.url,
        credentials: { username: alpha.username, password: alpha.password },
      }),
    ],
    controllers: [BillsController],
    providers: [
      {
        provide: EwayBills,
        useFactory: (service: MastersIndiaService) => ewayBills(service),
        inject: [MastersIndiaService],
      },
      { provide: APP_FILTER, useClass: MastersExceptionFilter },
    ],
  })(AppModule);
  app = await NestFactory.create(AppModule, { logger: false });
  await app.listen(0, '127.0.0.1');
  url = await app.getUrl();
});
afterAll(async () => {
  await app?.close();
  await mock?.close();
});

const post = (body: unknown) =>
  fetch(`${url}/bills`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('NestJS: the injected EwayBills', () => {
  it('generates through the controller: one POST at the mock, the normalized bill back', async () => {
    const before = mock.stats().byPath[GENERATE] ?? 0;
    const res = await post(exampleGenerateBody('NEST/0001'));
    expect(res.status).toBe(201);
    const bill = (await res.json()) as Record<string, unknown>;
    expect(bill).toMatchObject({
      outcome: 'created',
      ewayBillNo: expect.stringMatching(/^\d{12}$/),
    });
    expect(mock.stats().byPath[GENERATE]).toBe(before + 1);
  });

  it('answers a local rejection as 400 bad_request naming the field, nothing sent to the mock', async () => {
    const before = mock.stats().apiCalls;
    const res = await post({ ...exampleGenerateBody('NEST/0002'), document_date: '2025-03-05' });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: string; fields: { path: string }[] };
    expect(body.error).toBe('bad_request');
    expect(body.fields.map((f) => f.path)).toEqual(['document_date']);
    expect(mock.stats().apiCalls).toBe(before);
  });

  it('answers a NIC rejection (604, a second bill for the document) as 422 nic_error', async () => {
    const res = await post(exampleGenerateBody('NEST/0001'));
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ error: 'nic_error', nicCode: '604' });
  });
});
