import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { guardedLookup, isPrivateAddress, type WebhookUrlPolicy } from './url-policy.js';
import { isIP } from 'node:net';

/** The outcome of one POST: an HTTP status, or no answer (`status: null`) with why. */
export interface PostOutcome {
  status: number | null;
  error: string | null;
}

/**
 * POSTs `body` to `url` once: no redirects followed (a 3xx is an answer, not a hop), the answer's
 * body read and dropped (at most 64 KiB), `timeoutMs` for the whole exchange.
 */
export function postWebhook(
  rawUrl: string,
  body: string,
  headers: Record<string, string>,
  timeoutMs: number,
  policy: WebhookUrlPolicy,
): Promise<PostOutcome> {
  return new Promise((resolve) => {
    let url: URL;
    try {
      url = new URL(rawUrl);
    } catch {
      return resolve({ status: null, error: 'invalid URL' });
    }
    const host = url.hostname.replace(/^\[|\]$/g, '');
    if (
      isIP(host) &&
      !policy.allowPrivate &&
      !policy.allowedHosts.includes(host.toLowerCase()) &&
      isPrivateAddress(host)
    ) {
      return resolve({ status: null, error: 'refused: private address' });
    }
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    let settled = false;
    const done = (o: PostOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(o);
    };
    const req = send(url, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body).toString() },
      lookup: guardedLookup(policy, host) as never,
      agent: false,
    });
    const timer = setTimeout(() => {
      req.destroy(new Error(`timeout after ${timeoutMs} ms`));
    }, timeoutMs);
    req.on('response', (res) => {
      let read = 0;
      res.on('data', (chunk: Buffer) => {
        read += chunk.length;
        if (read > 65_536) res.destroy();
      });
      res.on('close', () => done({ status: res.statusCode ?? null, error: null }));
      res.on('error', () => done({ status: res.statusCode ?? null, error: null }));
    });
    req.on('error', (err: NodeJS.ErrnoException) =>
      done({ status: null, error: (err.code ? `${err.code}: ` : '') + err.message.slice(0, 300) }),
    );
    req.end(body);
  });
}

/** Whether an outcome is worth another attempt: no answer (network error, timeout), 408, 429 or 5xx. */
export function isRetryable(o: PostOutcome): boolean {
  if (o.status === null) return !/refused|EWEBHOOKPRIVATE|invalid URL/.test(o.error ?? '');
  return o.status === 408 || o.status === 429 || o.status >= 500;
}
