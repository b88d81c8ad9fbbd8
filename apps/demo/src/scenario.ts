import { exampleGenerateBody } from '@mastersfetch/mock-server';

/** What one app answered during the scenario. */
export interface ScenarioResult {
  requests: number;
  latenciesMs: number[];
  generated: number;
  errorsMapped: number;
  errorsExpected: number;
  /** Steps that did not answer per the sample contract (docs/ARCHITECTURE.md §10), in plain words. */
  failures: string[];
}

interface Answer {
  status: number;
  body: Record<string, unknown>;
}

/** Number of concurrent generations per app. */
export const GENERATIONS = 20;

/**
 * Drives the main flow through one sample app over HTTP: 20 concurrent generations, details of one,
 * a Part-B update, a cancellation, one duplicate generation (NIC 604 → 422) and one malformed
 * request (→ 400), checking every answer against the sample contract.
 */
export async function runScenario(
  baseUrl: string,
  docPrefix: string,
  gstin: string,
  progress: (line: string) => void,
): Promise<ScenarioResult> {
  const result: ScenarioResult = {
    requests: 0,
    latenciesMs: [],
    generated: 0,
    errorsMapped: 0,
    errorsExpected: 2,
    failures: [],
  };
  const runId = Date.now().toString(36).slice(-5).toUpperCase();
  const docNo = (n: number) => `${docPrefix}${runId}-${String(n).padStart(3, '0')}`;

  const call = async (
    method: string,
    path: string,
    body?: unknown,
    raw?: string,
  ): Promise<Answer> => {
    const started = performance.now();
    result.requests += 1;
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers:
        body !== undefined || raw !== undefined ? { 'content-type': 'application/json' } : {},
      body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
    });
    const text = await res.text();
    result.latenciesMs.push(performance.now() - started);
    let parsed: Record<string, unknown>;
    try {
      parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    } catch {
      parsed = { unparsable: text.slice(0, 200) };
    }
    return { status: res.status, body: parsed };
  };
  const fail = (step: string, answer: Answer, expected: string) => {
    const detail = typeof answer.body.message === 'string' ? `: ${answer.body.message}` : '';
    const code = typeof answer.body.error === 'string' ? ` ${answer.body.error}` : '';
    result.failures.push(
      `${step} answered ${answer.status}${code}${detail} (expected ${expected})`,
    );
  };

  // 1. 20 concurrent generations.
  const generations = await Promise.all(
    Array.from({ length: GENERATIONS }, (_, i) =>
      call('POST', '/ewaybills', exampleGenerateBody(docNo(i + 1), gstin)),
    ),
  );
  const numbers: string[] = [];
  for (const answer of generations) {
    const no = answer.body.ewayBillNo;
    if (answer.status === 201 && typeof no === 'string' && /^\d{12}$/.test(no)) {
      numbers.push(no);
    } else {
      fail('generate', answer, '201 with a 12-digit ewayBillNo string');
    }
  }
  result.generated = numbers.length;
  progress(`generated ${numbers.length}/${GENERATIONS} e-way bills`);
  const [first, second] = numbers;
  if (!first || !second) return result;

  // 2. Details of one.
  const details = await call('GET', `/ewaybills/${first}`);
  if (details.status !== 200 || Object.keys(details.body).length === 0) {
    fail('details', details, '200 with the details object');
  }

  // 3. Part-B (vehicle) update.
  const partB = await call('PATCH', `/ewaybills/${first}/vehicle`, {
    vehicle_number: 'MH12AB1234',
    vehicle_type: 'Regular',
    place_of_consignor: 'Pune',
    state_of_consignor: 'MAHARASHTRA',
    reason_code_for_vehicle_updation: 'Due to Break Down',
    reason_for_vehicle_updation: 'Axle failure',
    transporter_document_number: 'LR-7781',
    transporter_document_date: todayDdMmYyyy(),
    mode_of_transport: 1,
    data_source: 'erp',
  });
  if (
    partB.status !== 200 ||
    typeof partB.body.vehUpdDate !== 'string' ||
    !('validUpto' in partB.body)
  ) {
    fail('Part-B update', partB, '200 { vehUpdDate, validUpto }');
  }

  // 4. Cancellation.
  const cancel = await call('POST', `/ewaybills/${second}/cancel`, {
    reason_of_cancel: 'Data Entry mistake',
    cancel_remark: 'Wrong quantity keyed',
  });
  if (cancel.status !== 200 || typeof cancel.body.cancelDate !== 'string') {
    fail('cancel', cancel, '200 { cancelDate }');
  }
  progress('details, Part-B update and cancellation answered');

  // 5. A duplicate generation must come back as NIC 604 mapped to 422.
  const duplicate = await call('POST', '/ewaybills', exampleGenerateBody(docNo(1), gstin));
  if (
    duplicate.status === 422 &&
    duplicate.body.error === 'nic_error' &&
    duplicate.body.nicCode === '604'
  ) {
    result.errorsMapped += 1;
  } else {
    fail('duplicate generate', duplicate, '422 nic_error with nicCode "604"');
  }

  // 6. Malformed JSON is refused by the app before any upstream call.
  const malformed = await call('POST', '/ewaybills', undefined, '{"document_number": ');
  if (malformed.status === 400 && malformed.body.error === 'bad_request') {
    result.errorsMapped += 1;
  } else {
    fail('malformed generate', malformed, '400 bad_request');
  }
  progress(`errors mapped: ${result.errorsMapped}/${result.errorsExpected}`);
  return result;
}

function todayDdMmYyyy(): string {
  const d = new Date(Date.now() + 5.5 * 3600_000); // IST
  const dd = String(d.getUTCDate()).padStart(2, '0');
  const mm = String(d.getUTCMonth() + 1).padStart(2, '0');
  return `${dd}/${mm}/${d.getUTCFullYear()}`;
}

/** The `p`-th percentile (0–100) of `values`, nearest-rank. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] ?? Number.NaN;
}
