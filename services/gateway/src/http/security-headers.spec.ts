import { helmetHeaders } from './security-headers.js';

const OPTIONS = {
  contentSecurityPolicy: {
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'", "'unsafe-inline'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:'],
    },
  },
  crossOriginEmbedderPolicy: false,
};

describe('helmetHeaders (helmet computed once)', () => {
  it("gives helmet's headers for the gateway's options: CSP with our directives, HSTS, nosniff, frame and referrer policy, no COEP", () => {
    const headers = new Map(helmetHeaders(OPTIONS));
    const csp = headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self' 'unsafe-inline'");
    expect(csp).toContain("img-src 'self' data:");
    expect(headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    expect(headers.get('x-content-type-options')).toBe('nosniff');
    expect(headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(headers.get('referrer-policy')).toBe('no-referrer');
    expect(headers.has('cross-origin-embedder-policy')).toBe(false);
    expect(headers.has('x-powered-by')).toBe(false);
  });

  it('refuses options with per-request values (a function would be frozen at its first answer)', () => {
    expect(() =>
      helmetHeaders({ contentSecurityPolicy: { directives: { scriptSrc: ["'self'", () => "'nonce-x'"] } } }),
    ).toThrow(/per-request/);
  });
});
