import { DEMO_USERS } from '@mastersfetch/mock-server';
import { SAMPLE_CANCEL_BODY, sampleGenerateBody, samplePartBBody } from './sample-body.js';

/** Quotes a string for a POSIX shell. */
function shellQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

/**
 * Ready-to-paste curl lines for every route of a sample app (the demo's `pnpm start` prints
 * them): health, generate (storing the EWB number in `$EWB`), details, Part-B and cancel. The
 * generate body comes from {@link sampleGenerateBody} with a fresh document number and the first
 * demo GSTIN (or `options.gstin`).
 *
 * @param baseUrl - The app's URL, e.g. `http://127.0.0.1:3001` (a trailing slash is ignored).
 * @example
 * ```ts
 * for (const line of sampleCurlLines('http://127.0.0.1:3001')) console.log(line);
 * ```
 */
export function sampleCurlLines(baseUrl: string, options: { gstin?: string } = {}): string[] {
  const base = baseUrl.replace(/\/+$/, '');
  const gstin = options.gstin ?? DEMO_USERS[0]?.gstins[0] ?? '05AAAAA0000A1Z5';
  const documentNumber = `DEMO-${Date.now().toString(36).toUpperCase()}`.slice(0, 16);
  const json = ` -H 'content-type: application/json' -d `;
  const readEwb = `node -pe 'JSON.parse(require("fs").readFileSync(0, "utf8")).ewayBillNo'`;
  return [
    `curl -s ${base}/health`,
    `EWB=$(curl -s -X POST ${base}/ewaybills${json}${shellQuote(JSON.stringify(sampleGenerateBody(documentNumber, gstin)))} | ${readEwb}); echo "EWB=$EWB"`,
    `curl -s ${base}/ewaybills/$EWB`,
    `curl -s -X PATCH ${base}/ewaybills/$EWB/vehicle${json}${shellQuote(JSON.stringify(samplePartBBody(gstin)))}`,
    `curl -s -X POST ${base}/ewaybills/$EWB/cancel${json}${shellQuote(JSON.stringify(SAMPLE_CANCEL_BODY))}`,
  ];
}
