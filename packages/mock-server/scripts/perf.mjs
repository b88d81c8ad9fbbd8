/* global process, console, Buffer, fetch */
/* eslint-disable no-console */
// Perf acceptance for the mock server (issue 2): the mock's authenticated
// `GET /api/v1/getEwayBillData/?action=GetEwayBill` must sustain >= 60% of the requests/s of a bare
// node:http JSON handler measured in the same run. Each server runs in its own child process so
// autocannon (in this process) does not share its event loop.
//
// Usage: pnpm --filter @mastersfetch/mock-server build && node packages/mock-server/scripts/perf.mjs
// Env: PERF_DURATION_SEC (default 8), PERF_CONNECTIONS (default 32), PERF_ROUNDS (default 2).
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const DURATION_SEC = Number(process.env.PERF_DURATION_SEC ?? 8);
const CONNECTIONS = Number(process.env.PERF_CONNECTIONS ?? 32);
const ROUNDS = Number(process.env.PERF_ROUNDS ?? 2);
const REQUIRED_RATIO = 0.6;

async function serve(kind) {
  if (kind === 'bare') {
    const server = createServer((_req, res) => {
      const body = JSON.stringify({
        results: { message: { ok: true }, status: 'Success', code: 200 },
      });
      res.writeHead(200, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
      });
      res.end(body);
    });
    server.listen(0, '127.0.0.1', () => console.log(`PORT ${server.address().port}`));
    return;
  }
  const { startMockServer } = await import('../dist/index.js');
  const mock = await startMockServer();
  console.log(`PORT ${mock.port}`);
}

function startChild(kind) {
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url), '--serve', kind], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const match = /PORT (\d+)/.exec(out);
      if (match) resolve({ child, url: `http://127.0.0.1:${match[1]}` });
    });
    child.once('exit', (code) => reject(new Error(`${kind} server exited with ${code}`)));
  });
}

async function stopChild(child) {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

async function run(url, headers) {
  // A short warm-up lets V8 optimise the handler before the measured run.
  await autocannon({ url, headers, connections: CONNECTIONS, duration: 1 });
  const result = await autocannon({
    url,
    headers,
    connections: CONNECTIONS,
    duration: DURATION_SEC,
  });
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(`${url}: ${result.non2xx} non-2xx responses and ${result.errors} errors`);
  }
  return result.requests.average;
}

async function measureBare() {
  const { child, url } = await startChild('bare');
  try {
    return await run(`${url}/`, {});
  } finally {
    await stopChild(child);
  }
}

async function measureMock() {
  const { child, url } = await startChild('mock');
  try {
    const login = await fetch(`${url}/api/v1/token-auth/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        username: 'erp-bot@alpha-widgets.example',
        password: 'alpha-demo-pass',
      }),
    });
    const { token } = await login.json();
    const headers = { authorization: `JWT ${token}`, 'content-type': 'application/json' };
    const generated = await fetch(`${url}/api/v1/ewayBillsGenerate/`, {
      method: 'POST',
      headers,
      body: JSON.stringify(sampleGenerateBody()),
    });
    const ewayBillNo = (await generated.json()).results.message.ewayBillNo;
    const path = `/api/v1/getEwayBillData/?action=GetEwayBill&gstin=05AAAAA0000A1Z8&eway_bill_number=${ewayBillNo}`;
    const check = await fetch(`${url}${path}`, { headers });
    if ((await check.json()).results?.code !== 200) throw new Error('GetEwayBill did not succeed');
    return await run(`${url}${path}`, { authorization: `JWT ${token}` });
  } finally {
    await stopChild(child);
  }
}

/** Today's date in IST as `dd/mm/yyyy` (a fixed past date would hit NIC 820, document older than 180 days). */
function todayIst() {
  const d = new Date(Date.now() + 330 * 60_000);
  const pad = (n) => String(n).padStart(2, '0');
  return `${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
}

function sampleGenerateBody() {
  return {
    userGstin: '05AAAAA0000A1Z8',
    supply_type: 'outward',
    sub_supply_type: 'Supply',
    document_type: 'Tax Invoice',
    document_number: 'PERF/0001',
    document_date: todayIst(),
    gstin_of_consignor: '05AAAAA0000A1Z8',
    legal_name_of_consignor: 'Alpha Widgets Pvt Ltd',
    pincode_of_consignor: 248001,
    state_of_consignor: 'UTTARAKHAND',
    actual_from_state_name: 'UTTARAKHAND',
    gstin_of_consignee: '09BBBBB1111B1ZL',
    legal_name_of_consignee: 'Beta Retail LLP',
    pincode_of_consignee: 201301,
    state_of_supply: 'UTTAR PRADESH',
    actual_to_state_name: 'UTTAR PRADESH',
    transaction_type: 1,
    total_invoice_value: 11800,
    taxable_amount: 10000,
    igst_amount: 1800,
    transporter_id: '05CCCCC2222C1ZE',
    transporter_name: 'Gamma Logistics',
    transportation_mode: 'Road',
    transportation_distance: '210',
    vehicle_number: 'UK07AB1234',
    vehicle_type: 'Regular',
    itemList: [
      {
        product_name: 'Steel bracket',
        hsn_code: '7326',
        quantity: 100,
        unit_of_product: 'NOS',
        igst_rate: 18,
        taxable_amount: 10000,
      },
    ],
  };
}

async function main() {
  const bare = [];
  const mock = [];
  for (let round = 0; round < ROUNDS; round++) {
    bare.push(await measureBare());
    mock.push(await measureMock());
  }
  const mean = (values) => values.reduce((sum, value) => sum + value, 0) / values.length;
  const bareRps = mean(bare);
  const mockRps = mean(mock);
  const ratio = mockRps / bareRps;
  const report = {
    date: new Date().toISOString(),
    node: process.version,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    connections: CONNECTIONS,
    durationSec: DURATION_SEC,
    rounds: ROUNDS,
    bareRps: Math.round(bareRps),
    mockRps: Math.round(mockRps),
    ratio: Number(ratio.toFixed(3)),
    required: REQUIRED_RATIO,
    passed: ratio >= REQUIRED_RATIO,
  };
  console.log(JSON.stringify(report, null, 2));
  console.log(
    `| ${report.date.slice(0, 10)} | ${report.cpus} × ${report.cpuModel} | ${report.node} | ${report.bareRps} | ${report.mockRps} | ${(ratio * 100).toFixed(1)}% |`,
  );
  if (!report.passed) process.exitCode = 1;
}

if (process.argv[2] === '--serve') {
  serve(process.argv[3]).catch((error) => {
    console.error(error);
    process.exit(1);
  });
} else {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
