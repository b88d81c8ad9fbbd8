'use strict';
// Shared assertions for the consumer fixtures (copied next to each fixture as shared/check.cjs).
// Plain CommonJS so both the ESM and the CommonJS entry points of a fixture can use it.
const assert = require('node:assert/strict');

const GSTIN = '05AAAAA0000A1Z8';
const BILL_PATH = 'api/v1/getEwayBillData/';
const BILL_QUERY = { action: 'GetEwayBill', gstin: GSTIN, eway_bill_number: '123456789012' };

/** The first demo user (password login) of the mock server. */
function demoCredentials(DEMO_USERS) {
  const [user] = DEMO_USERS;
  return { username: user.username, password: user.password };
}

/** One authenticated call through a ky instance the adapter handed us; returns the parsed body. */
async function callApi(mastersFetch) {
  assert.equal(typeof mastersFetch?.get, 'function', 'mastersFetch is not a ky instance');
  return mastersFetch.get(BILL_PATH, { searchParams: BILL_QUERY }).json();
}

/** GET url on our own app and return { status, body }. */
async function httpGet(url) {
  const res = await fetch(url);
  const text = await res.text();
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  return { status: res.status, body };
}

/**
 * Asserts the app answered 200 with the mock's envelope, and that the mock saw exactly one login
 * and one call to the e-way endpoint carrying that user's token.
 */
function assertAuthenticatedCall(mock, response, DEMO_USERS) {
  assert.equal(
    response.status,
    200,
    `app answered ${response.status}: ${JSON.stringify(response.body)}`,
  );
  assert.equal(typeof response.body, 'object', 'app did not answer JSON');
  assert.ok(response.body && 'results' in response.body, 'no results envelope in the answer');
  const stats = mock.stats();
  assert.equal(stats.logins, 1, `expected 1 login, mock saw ${stats.logins}`);
  const calls = mock.requests().filter((r) => r.path === `/${BILL_PATH}`);
  assert.equal(calls.length, 1, `expected 1 e-way call, mock saw ${calls.length}`);
  assert.equal(calls[0].status, 200, `the e-way call got HTTP ${calls[0].status}`);
  assert.equal(calls[0].username, DEMO_USERS[0].username, 'the e-way call was not authenticated');
}

/** Listens on a free loopback port; returns { url, close }. */
function listen(server) {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({
        url: `http://127.0.0.1:${port}`,
        close: () =>
          new Promise((done) => {
            server.closeAllConnections?.();
            server.close(() => done());
          }),
      });
    });
  });
}

/** Checks that every name in `names` is exported by `mod` (a namespace or a require() result). */
function assertExports(label, mod, names) {
  const missing = names.filter((n) => mod[n] === undefined);
  assert.deepEqual(missing, [], `${label} is missing exports: ${missing.join(', ')}`);
}

/** Runs `main`, prints `ok <label>` or the error, and sets the exit code. */
function runMain(label, main) {
  main().then(
    () => {
      console.log(`ok ${label} (node ${process.version})`);
    },
    (err) => {
      console.error(`FAIL ${label} (node ${process.version})`);
      console.error(err && err.stack ? err.stack : err);
      process.exitCode = 1;
    },
  );
}

module.exports = {
  GSTIN,
  BILL_PATH,
  BILL_QUERY,
  demoCredentials,
  callApi,
  httpGet,
  assertAuthenticatedCall,
  listen,
  assertExports,
  runMain,
};
