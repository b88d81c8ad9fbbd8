import type { LatencyBucket } from './scenarios/expiry.js';

interface Series {
  label: string;
  color: string;
  dashed: boolean;
  values: number[];
}

const escape = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * A hand-written SVG line chart of scenario 4: latency per second (max and p99, ms), ours vs the
 * fixed-token baseline, with a vertical mark at each login/renewal of our client.
 */
export function expiryChartSvg(buckets: LatencyBucket[], tokenEventsAtMs: number[]): string {
  const width = 800;
  const height = 320;
  const left = 56;
  const right = 16;
  const top = 36;
  const bottom = 40;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const seconds = Math.max(1, buckets.length);
  const ms = (us: number): number => (Number.isFinite(us) ? us / 1_000 : 0);
  const series: Series[] = [
    {
      label: 'ours, max',
      color: '#1f6feb',
      dashed: false,
      values: buckets.map((b) => ms(b.oursMaxUs)),
    },
    {
      label: 'baseline, max',
      color: '#d1242f',
      dashed: false,
      values: buckets.map((b) => ms(b.baselineMaxUs)),
    },
    {
      label: 'ours, p99',
      color: '#1f6feb',
      dashed: true,
      values: buckets.map((b) => ms(b.oursP99Us)),
    },
    {
      label: 'baseline, p99',
      color: '#d1242f',
      dashed: true,
      values: buckets.map((b) => ms(b.baselineP99Us)),
    },
  ];
  const peak = Math.max(1, ...series.flatMap((s) => s.values));
  const step =
    peak <= 5 ? 1 : peak <= 10 ? 2 : peak <= 25 ? 5 : peak <= 50 ? 10 : Math.ceil(peak / 50) * 10;
  const yMax = Math.ceil(peak / step) * step;
  const x = (second: number): number => left + ((second + 0.5) / seconds) * plotW;
  const y = (value: number): number => top + plotH - (value / yMax) * plotH;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="${left}" y="16" font-size="13" font-weight="bold">${escape('Scenario 4: latency per second across token renewals (token lifetime 20 s)')}</text>`,
  ];
  for (let v = 0; v <= yMax; v += step) {
    parts.push(
      `<line x1="${left}" x2="${width - right}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="#eaeef2"/>`,
      `<text x="${left - 6}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end">${v} ms</text>`,
    );
  }
  for (let s = 0; s <= seconds; s += 10) {
    const px = left + (s / seconds) * plotW;
    parts.push(
      `<text x="${px.toFixed(1)}" y="${height - bottom + 16}" text-anchor="middle">${s} s</text>`,
    );
  }
  for (const atMs of tokenEventsAtMs) {
    const px = left + (atMs / 1_000 / seconds) * plotW;
    parts.push(
      `<line x1="${px.toFixed(1)}" x2="${px.toFixed(1)}" y1="${top}" y2="${top + plotH}" stroke="#8c959f" stroke-dasharray="2 3"/>`,
    );
  }
  parts.push(
    `<rect x="${left}" y="${top}" width="${plotW}" height="${plotH}" fill="none" stroke="#57606a"/>`,
  );
  for (const s of series) {
    const points = s.values.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
    parts.push(
      `<polyline fill="none" stroke="${s.color}" stroke-width="${s.dashed ? 1.2 : 1.8}"${s.dashed ? ' stroke-dasharray="5 3"' : ''} points="${points}"/>`,
    );
  }
  const legend = [...series.map((s) => ({ label: s.label, color: s.color, dashed: s.dashed }))];
  legend.forEach((item, i) => {
    const lx = left + 10 + i * 150;
    const ly = height - 10;
    parts.push(
      `<line x1="${lx}" x2="${lx + 24}" y1="${ly - 4}" y2="${ly - 4}" stroke="${item.color}" stroke-width="2"${item.dashed ? ' stroke-dasharray="5 3"' : ''}/>`,
      `<text x="${lx + 30}" y="${ly}">${escape(item.label)}</text>`,
    );
  });
  parts.push(
    `<text x="${width - right}" y="${height - 10}" text-anchor="end" fill="#57606a">${escape('dotted: login / renewal')}</text>`,
    '</svg>',
  );
  return parts.join('\n') + '\n';
}
