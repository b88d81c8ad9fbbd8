import {
  DEMO_USERS,
  EXAMPLE_CANCEL_BODY,
  exampleGenerateBody,
  examplePartBBody,
} from '@mastersfetch/mock-server';

const DOC_PLACEHOLDER = '__DOCUMENT_NUMBER__';

/** Quotes a string for a POSIX shell. */
function shellQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

/**
 * A document number the shell makes fresh on every paste: `CURL-` + epoch milliseconds and three
 * random characters in base 36 (at most 16 characters `A-Z a-z 0-9 -`, NIC's limit), so two pastes
 * within the same second never hit NIC's duplicate rule (604). Computed by `node` (already needed
 * by the generate line) because `date +%N` and `$RANDOM` are not portable.
 */
const FRESH_DOCUMENT_NUMBER = `"$(node -p '"CURL-" + Date.now().toString(36) + Math.random().toString(36).slice(2, 5)')"`;

/** The shell's message when a line after a failed generate refers to `$EWB`. */
const EWB_REQUIRED = '${EWB:?is empty: the generate line failed (its error is printed above)}';

/**
 * Ready-to-paste curl lines for every route of a sample app (the demo's `pnpm start` prints
 * them): health, generate (storing the EWB number in `$EWB`), details, Part-B and cancel. The
 * generate body comes from `exampleGenerateBody` (`@mastersfetch/mock-server`) for the first demo GSTIN (or
 * `options.gstin`) without `userGstin`, so the app fills in the tenant's GSTIN and adding
 * `-H 'x-gstin: <other tenant>'` acts for that tenant as written. Its document number is fresh on
 * every paste ({@link FRESH_DOCUMENT_NUMBER}). When generate fails, its error body is printed,
 * `$EWB` is left empty and every later line stops with the shell's "EWB: is empty: ..." message
 * instead of calling a wrong URL.
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
  const { userGstin: _defaultedByTheApp, ...body } = exampleGenerateBody(DOC_PLACEHOLDER, gstin);
  // The placeholder leaves the single-quoted JSON for a moment so the shell fills in the number.
  const generateBody = shellQuote(JSON.stringify(body)).replace(
    DOC_PLACEHOLDER,
    `'${FRESH_DOCUMENT_NUMBER}'`,
  );
  const readEwb = `node -e 'const b = JSON.parse(require("fs").readFileSync(0, "utf8")); if (b.ewayBillNo) console.log(b.ewayBillNo); else { console.error(JSON.stringify(b)); process.exitCode = 1; }'`;
  const ewb = `"${EWB_REQUIRED}"`;
  return [
    `curl -s ${base}/health; echo`,
    `EWB=$(curl -s -X POST ${base}/ewaybills${json}${generateBody} | ${readEwb}); echo "EWB=$EWB"`,
    `curl -s ${base}/ewaybills/${ewb}; echo`,
    `curl -s -X PATCH ${base}/ewaybills/${ewb}/vehicle${json}${shellQuote(JSON.stringify(examplePartBBody(gstin)))}; echo`,
    `curl -s -X POST ${base}/ewaybills/${ewb}/cancel${json}${shellQuote(JSON.stringify(EXAMPLE_CANCEL_BODY))}; echo`,
  ];
}
