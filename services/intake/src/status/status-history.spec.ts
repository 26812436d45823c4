import { admits, type StatusRow } from './status-history.js';

const row = (
  sequence: number,
  step: StatusRow['step'],
  minute: number,
  ownerCode: string | null = null,
): StatusRow => ({
  sequence,
  step,
  ownerCode,
  reasonCode: null,
  reasonText: null,
  detail: null,
  occurredAt: new Date(Date.UTC(2026, 10, 24, 3, minute)),
});
const at = (minute: number) => new Date(Date.UTC(2026, 10, 24, 3, minute));

describe('status history: which steps a timeline admits', () => {
  const referred = [
    row(1, 'received', 0),
    row(2, 'registry-checked', 0),
    row(3, 'in-review', 1),
    row(4, 'referred', 2, 'kemensos-pkh'),
  ];

  it('starts with received only', () => {
    expect(admits([], { step: 'received', occurredAt: at(0), source: 's' })).toBe(true);
    expect(admits([], { step: 'in-review', occurredAt: at(0), source: 's' })).toBe(false);
  });

  it('enters each step once per owner, another owner\u2019s referral too', () => {
    expect(admits(referred, { step: 'referred', ownerCode: 'kemensos-pkh', occurredAt: at(3), source: 's' })).toBe(
      false,
    );
    expect(admits(referred, { step: 'referred', ownerCode: 'kemenag', occurredAt: at(3), source: 's' })).toBe(true);
  });

  it('supersedes a late step behind the current one, but takes a later move back to review', () => {
    expect(admits(referred, { step: 'in-review', occurredAt: at(1), source: 's' })).toBe(false);
    expect(admits(referred, { step: 'in-review', occurredAt: at(5), source: 's' })).toBe(true);
  });

  it('ends at a final step: only a later reopening continues it', () => {
    const ended = [...referred, row(5, 'resolved', 4)];
    expect(admits(ended, { step: 'rejected', occurredAt: at(6), source: 's' })).toBe(false);
    expect(admits(ended, { step: 'in-review', occurredAt: at(6), source: 's' })).toBe(false);
    expect(admits(ended, { step: 'in-review', reopen: true, occurredAt: at(3), source: 's' })).toBe(false);
    expect(admits(ended, { step: 'in-review', reopen: true, occurredAt: at(6), source: 's' })).toBe(true);
  });

  it('takes a final step even when it happened before the current one (it still ends the complaint)', () => {
    expect(admits(referred, { step: 'rejected', occurredAt: at(1), source: 's' })).toBe(true);
  });
});
