import { ActOnCaseRequestV1 } from './rpc/referral/cases.v1.js';
import { MAX_INPUT_DEPTH, inspectUntrusted } from './untrusted.js';
import { validatePayload } from './validate.js';

const act = { caseId: '0192d3c4-5b6a-7c8d-9e0f-123456789abc', action: 'forward', expectedVersion: 1 };
const nested = (depth: number): unknown => {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = { a: v };
  return v;
};

describe('untrusted input (one rule for the gateway and every service)', () => {
  it('refuses NUL and other control characters in any string, with the field and an Indonesian message', () => {
    for (const bad of ['ab\u0000c', 'x\u0007', '\u001b[31m', 'a\u007fb', '\u0085']) {
      const r = validatePayload(ActOnCaseRequestV1, { ...act, note: `catatan ${bad}` });
      expect(r).toEqual({
        ok: false,
        fieldErrors: [{ field: 'note', messages: ['Mengandung karakter kontrol yang tidak diizinkan.'] }],
      });
    }
    expect(validatePayload(ActOnCaseRequestV1, { ...act, note: 'baris satu\r\nbaris\tdua' }).ok).toBe(true);
  });

  it('refuses nesting deeper than the limit without recursing (10,000 and 1,000,000 deep)', () => {
    for (const depth of [10_000, 1_000_000]) {
      const r = validatePayload(ActOnCaseRequestV1, { ...act, note: nested(depth) });
      expect(r.ok).toBe(false);
      expect(JSON.stringify(r)).toContain('Struktur data terlalu dalam');
    }
    expect(inspectUntrusted(nested(MAX_INPUT_DEPTH))).toEqual([]);
    expect(inspectUntrusted(nested(MAX_INPUT_DEPTH + 1))).toHaveLength(1);
  });

  it('refuses prototype keys anywhere and never echoes an unsafe key back', () => {
    const r = validatePayload(
      ActOnCaseRequestV1,
      JSON.parse(
        `{"caseId":"${act.caseId}","action":"forward","expectedVersion":1,"x":{"__proto__":{"admin":true}},"k\\u0000<b>":"1"}`,
      ),
    );
    expect(r).toMatchObject({ ok: false });
    const fields = (r as { fieldErrors: Array<{ field: string }> }).fieldErrors.map((f) => f.field).sort();
    expect(fields).toEqual(['(kolom tidak dikenal)', 'x.__proto__']);
  });

  it('refuses numbers beyond 2^53 (1e308 passes IsInt and becomes Infinity in PostgreSQL)', () => {
    for (const n of [1e308, -1e308, 2 ** 63, JSON.parse('1e400')]) {
      expect(validatePayload(ActOnCaseRequestV1, { ...act, expectedVersion: n })).toEqual({
        ok: false,
        fieldErrors: [{ field: 'expectedVersion', messages: ['Angka di luar rentang yang dapat diproses.'] }],
      });
    }
  });
});
