import { DEMO_USERS } from '@mastersfetch/mock-server';
import { SAMPLE_CANCEL_BODY, sampleGenerateBody, samplePartBBody } from './sample-body.js';

const DOC_PLACEHOLDER = '__DOCUMENT_NUMBER__';

/** Quotes a string for a POSIX shell. */
function shellQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

/**
 * Ready-to-paste curl lines for every route of a sample app (the demo's `pnpm start` prints
 * them): health, generate (storing the EWB number in `$EWB`), details, Part-B and cancel. The
 * generate body comes from {@link sampleGenerateBody} with the first demo GSTIN (or `options.gstin`)
 * and a document number the shell makes fresh on every paste (`CURL-<epoch seconds>`), so pasting the
 * lines twice does not hit NIC's duplicate rule (604). When generate fails, its error body is printed.
 *
 * @param baseUrl - The app's URL, e.g. `http://127.0.0.1:3001` (a trailing slash is ignored).
 * @example
 * ```ts
 * for (const line of sampleCurlLines('http://127.0.0.1:3001')) console.log(line);
 * ```
 */
export function sampleCurlLines(baseUrl: string, options: { gstin?: string } = {}): string[] {
  const base = baseUrl.replace(/\/+$/, '');
  const gstin = options.gstin ?? DEMO_USERS[0]?.gstins[0] ?? '05AAAAA0000A1Z8';
  const json = ` -H 'content-type: application/json' -d `;
  // The placeholder leaves the single-quoted JSON for a moment so the shell fills in the time.
  const generateBody = shellQuote(
    JSON.stringify(sampleGenerateBody(DOC_PLACEHOLDER, gstin)),
  ).replace(DOC_PLACEHOLDER, `CURL-'"$(date +%s)"'`);
  const readEwb = `node -e 'const b = JSON.parse(require("fs").readFileSync(0, "utf8")); if (b.ewayBillNo) console.log(b.ewayBillNo); else console.error(JSON.stringify(b))'`;
  return [
    `curl -s ${base}/health; echo`,
    `EWB=$(curl -s -X POST ${base}/ewaybills${json}${generateBody} | ${readEwb}); echo "EWB=$EWB"`,
    `curl -s ${base}/ewaybills/$EWB; echo`,
    `curl -s -X PATCH ${base}/ewaybills/$EWB/vehicle${json}${shellQuote(JSON.stringify(samplePartBBody(gstin)))}; echo`,
    `curl -s -X POST ${base}/ewaybills/$EWB/cancel${json}${shellQuote(JSON.stringify(SAMPLE_CANCEL_BODY))}; echo`,
  ];
}
