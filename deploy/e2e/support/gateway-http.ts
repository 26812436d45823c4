/**
 * Plain HTTP clients of the gateway for the end-to-end specs, made before the stack starts (the
 * spec's `base` is read at each request): `gatewayHttp` for any caller (a token or none, HTML
 * pages too), `staffApi` for the demo staff by username.
 */

/** What the gateway answered: the status, the body parsed as JSON (the text when it is not), and the text. */
export interface GatewayAnswer {
  status: number;
  json: Record<string, unknown> & { items?: Array<Record<string, unknown>> };
  text: string;
}

/** `http` answers whatever the gateway says; `ok` the JSON body, and throws on a status of 300 or more. */
export function gatewayHttp(base: () => string) {
  const http = async (
    method: string,
    path: string,
    token: string | null,
    body?: unknown,
    contentType = 'application/json',
    extra: Record<string, string> = {},
  ): Promise<GatewayAnswer> => {
    const res = await fetch(`${base()}${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body !== undefined ? { 'content-type': contentType } : {}),
        ...extra,
      },
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    let json: unknown = text;
    try {
      json = JSON.parse(text);
    } catch {
      /* HTML page */
    }
    return { status: res.status, json: json as GatewayAnswer['json'], text };
  };
  const ok = async (...args: Parameters<typeof http>) => {
    const r = await http(...args);
    if (r.status >= 300) throw new Error(`${args[0]} ${args[1]} → ${r.status}: ${r.text.slice(0, 400)}`);
    return r.json;
  };
  return { http, ok };
}

/** A request as the demo user `user` (its token in `tokens`); the JSON body, or an error on a status of 300 or more. */
export type StaffApi = (
  method: string,
  path: string,
  user: string,
  body?: unknown,
  contentType?: string,
  extra?: Record<string, string>,
) => Promise<Record<string, unknown>>;

export function staffApi(base: () => string, tokens: Record<string, string>): StaffApi {
  return async (method, path, user, body, contentType = 'application/json', extra = {}) => {
    const res = await fetch(`${base()}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${tokens[user]}`,
        ...(body !== undefined ? { 'content-type': contentType } : {}),
        ...extra,
      },
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
    const json = (await res.json()) as Record<string, unknown>;
    if (res.status >= 300) throw new Error(`${method} ${path} as ${user}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
}
