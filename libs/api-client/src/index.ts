import createClient, { type Client, type Middleware } from 'openapi-fetch';
import type { components, operations, paths } from './schema.js';

export type { components, operations, paths };
/** The API's schemas by name: `Schemas['CaseViewV1']`, `Schemas['Problem']`, … */
export type Schemas = components['schemas'];
/** An application/problem+json error of the API (`code`, `detail` in Bahasa Indonesia, field `errors`). */
export type Problem = components['schemas']['Problem'];
/** The typed client: `client.GET('/v1/cases/{id}', { params: { path: { id } } })` → `{ data, error, response }`. */
export type ApiClient = Client<paths>;

export interface ApiClientOptions {
  /** Access token from `login` / `refreshToken` (sent as `Authorization: Bearer …`), or a function returning the current one. */
  accessToken?: string | (() => string | undefined);
  /** A programme owner's API key (`X-API-Key`), for machine clients. */
  apiKey?: string;
  /** Another fetch (tests, instrumentation). */
  fetch?: typeof globalThis.fetch;
  /** Headers sent with every request. */
  headers?: Record<string, string>;
}

/**
 * A client of the SLRT gateway's HTTP API, typed from its OpenAPI document (openapi-typescript
 * types, openapi-fetch runtime): paths, parameters, bodies and responses are checked at compile
 * time; errors come back as typed problem+json documents in `error`.
 */
export function createApiClient(baseUrl: string, options: ApiClientOptions = {}): ApiClient {
  const client = createClient<paths>({
    baseUrl,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.headers ? { headers: options.headers } : {}),
  });
  const auth: Middleware = {
    onRequest({ request }) {
      const token = typeof options.accessToken === 'function' ? options.accessToken() : options.accessToken;
      if (token && !request.headers.has('authorization')) request.headers.set('authorization', `Bearer ${token}`);
      if (options.apiKey && !request.headers.has('x-api-key')) request.headers.set('x-api-key', options.apiKey);
      return request;
    },
  };
  client.use(auth);
  return client;
}
