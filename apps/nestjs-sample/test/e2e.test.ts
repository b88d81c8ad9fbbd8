import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { exampleGenerateBody } from '@mastersfetch/mock-server';
import { expectFieldErrors } from '@mastersfetch/sample-kit/testing';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const appDir = resolve(__dirname, '..'); // this package compiles to CommonJS, where __dirname exists
const GSTIN = '05AAAAA0000A1Z8'; // first demo user's GSTIN: the sample's default tenant with the embedded mock
const OTHER_TENANT = '05CCCCC2222C1ZE'; // another demo user, picked with x-gstin

/** The environment without any variable the sample reads, so it starts its embedded mock. */
function bareEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!name.startsWith('MASTERS_INDIA_') && name !== 'PORT') env[name] = value;
  }
  return { ...env, PORT: '0' };
}

describe('nestjs-sample, compiled to CommonJS (node dist/main.js, no env vars)', () => {
  let child: ChildProcess;
  let output = '';
  let baseUrl: string;

  beforeAll(async () => {
    child = spawn(process.execPath, ['dist/main.js'], {
      cwd: appDir,
      env: bareEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    baseUrl = await new Promise<string>((resolve, reject) => {
      child.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /^listening on (http:\/\/127\.0\.0\.1:\d+)$/m.exec(output);
        if (match) resolve(match[1]!);
      });
      child.once('exit', (code) => reject(new Error(`sample exited with ${code}:\n${output}`)));
    });
  });

  afterAll(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await once(child, 'exit');
    }
  });

  it('is a CommonJS app that require()s the ESM-only @mastersfetch packages', () => {
    const pkg = JSON.parse(readFileSync(resolve(appDir, 'package.json'), 'utf8')) as {
      type?: string;
    };
    expect(pkg.type).toBeUndefined();
    const appModule = readFileSync(resolve(appDir, 'dist/app.module.js'), 'utf8');
    expect(appModule).toMatch(/require\("@mastersfetch\/nestjs"\)/);
    expect(appModule).toMatch(/require\("@mastersfetch\/ewaybill"\)/);
    expect(appModule).not.toMatch(/^import /m);
  });

  it('logs that it started the embedded mock', () => {
    expect(output).toMatch(/embedded mock/);
    expect(output).not.toMatch(/demo-pass/);
  });

  it('reports health without logging in', async () => {
    const res = await request(baseUrl).get('/health').expect(200);
    expect(res.body).toEqual({
      status: 'ok',
      auth: { mode: 'password', hasToken: false, expiresInSec: null },
    });
  });

  it('runs the full flow: generate → details → Part-B → cancel; a duplicate is 422 NIC 604', async () => {
    const documentNumber = `NEST-${Date.now().toString(36)}`.slice(0, 16).toUpperCase();
    const generateBody = exampleGenerateBody(documentNumber, GSTIN);

    const generated = await request(baseUrl).post('/ewaybills').send(generateBody).expect(201);
    expect(generated.body).toEqual({
      ewayBillNo: expect.stringMatching(/^\d{12}$/),
      ewayBillDate: expect.any(String),
      validUpto: expect.any(String),
      pdfUrl: expect.stringMatching(/^https?:\/\//),
    });
    const ewb = generated.body.ewayBillNo as string;

    const details = await request(baseUrl).get(`/ewaybills/${ewb}`).expect(200);
    expect(String(details.body.eway_bill_number)).toBe(ewb);
    expect(details.body).toMatchObject({ document_number: documentNumber, userGstin: GSTIN });

    const partB = await request(baseUrl)
      .patch(`/ewaybills/${ewb}/vehicle`)
      .send({
        vehicle_number: 'UK07CD5678',
        vehicle_type: 'Regular',
        place_of_consignor: 'Dehradun',
        state_of_consignor: 'UTTARAKHAND',
        reason_code_for_vehicle_updation: 'Due to Break Down',
        reason_for_vehicle_updation: 'Axle failure',
        transporter_document_number: 'LR-7781',
        transporter_document_date: generateBody.document_date,
        mode_of_transport: 1,
      })
      .expect(200);
    expect(partB.body).toEqual({ vehUpdDate: expect.any(String), validUpto: expect.any(String) });

    const cancelled = await request(baseUrl)
      .post(`/ewaybills/${ewb}/cancel`)
      .send({ reason_of_cancel: 'Data Entry mistake', cancel_remark: 'Wrong quantity keyed' })
      .expect(200);
    expect(cancelled.body).toEqual({ cancelDate: expect.any(String) });

    const duplicate = await request(baseUrl).post('/ewaybills').send(generateBody).expect(422);
    expect(duplicate.body).toMatchObject({ error: 'nic_error', nicCode: '604' });
    expect(typeof duplicate.body.message).toBe('string');

    const health = await request(baseUrl).get('/health').expect(200);
    expect(health.body.auth).toMatchObject({ mode: 'password', hasToken: true });
  });

  it('acts for the tenant named by x-gstin', async () => {
    const documentNumber = `TEN-${Date.now().toString(36)}`.slice(0, 16).toUpperCase();
    const res = await request(baseUrl)
      .post('/ewaybills')
      .set('x-gstin', OTHER_TENANT)
      .send(exampleGenerateBody(documentNumber, OTHER_TENANT))
      .expect(201);
    expect(res.body.ewayBillNo).toMatch(/^\d{12}$/);
  });

  it('answers the sample error table', async () => {
    const malformed = await request(baseUrl)
      .post('/ewaybills')
      .set('content-type', 'application/json')
      .send('{"supply_type":')
      .expect(400);
    expect(malformed.body).toMatchObject({ error: 'bad_request', message: expect.any(String) });

    const missing = await request(baseUrl).post('/ewaybills').send({}).expect(400);
    expect(missing.body).toMatchObject({ error: 'bad_request', fields: expect.any(Object) });

    const tenant = await request(baseUrl)
      .get('/ewaybills/123456789012')
      .set('x-gstin', '29ZZZZZ9999Z1Z4')
      .expect(400);
    expect(tenant.body).toMatchObject({ error: 'unknown_tenant', message: expect.any(String) });

    const unknown = await request(baseUrl).get('/ewaybills/123456789012').expect(422);
    expect(unknown.body).toMatchObject({ error: 'nic_error', nicCode: expect.any(String) });
  });

  it("answers 400 bad_request with the package's field paths", async () => {
    await expectFieldErrors(baseUrl, GSTIN);
  });

  it('closes and exits 0 on SIGTERM', async () => {
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    const [code, signal] = (await exited) as [number | null, NodeJS.Signals | null];
    expect({ code, signal }).toEqual({ code: 0, signal: null });
  });
});
