import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EwayBills, OPERATIONS, type OperationName } from '../src/index.js';

// The README's "All operations" table is the user's map of the package: it must list every
// operation exactly as OPERATIONS defines it (method, path or action, idempotence, NIC codes), and
// every operation must have a method on EwayBills and an example call in the README.

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const table = readme.slice(readme.indexOf('## All operations'));
const rows = table
  .split('\n')
  .filter((line) => line.startsWith('| `'))
  .map((line) => line.split('|').map((cell) => cell.trim()));
const byName = new Map(rows.map((cells) => [cells[1]!.replaceAll('`', ''), cells]));
const names = Object.keys(OPERATIONS) as OperationName[];

describe('README', () => {
  it('lists exactly the operations of OPERATIONS', () => {
    expect([...byName.keys()].sort()).toEqual([...names].sort());
  });

  it.each(names)('%s: method, path or action, idempotence and NIC codes are true', (name) => {
    const op = OPERATIONS[name];
    const [, , method, path, idempotent, codes] = byName.get(name)!;
    expect(method).toBe(op.method);
    expect(path).toBe(`\`${op.path}${'action' in op ? `?action=${op.action}` : ''}\``);
    expect(idempotent!.startsWith(op.isIdempotent ? 'yes' : 'no')).toBe(true);
    expect(codes === '—' ? [] : codes!.split(', ')).toEqual(op.nicCodes);
  });

  it.each(names)('%s has a method and an example call', (name) => {
    expect(typeof EwayBills.prototype[name]).toBe('function');
    expect(readme).toContain(`eway.${name}(`);
  });
});
