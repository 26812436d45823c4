/**
 * One problem found while reading an identifier or an input. `code` is English UPPER_SNAKE and
 * wire-stable (clients and the HTTP edge switch on it); `message` is Bahasa Indonesia an operator
 * understands, and never contains the value itself (NIK, KK and phone numbers are personal data).
 */
export interface DomainIssue<C extends string = string> {
  readonly code: C;
  readonly message: string;
}

/**
 * Outcome of a parse: the value with warnings (valid, but worth a look), or the errors (invalid).
 * Never thrown: bad citizen data is an expected input, not an exception.
 */
export type ParseResult<T, E extends string, W extends string = never> =
  | { readonly ok: true; readonly value: T; readonly warnings: readonly DomainIssue<W>[] }
  | { readonly ok: false; readonly errors: readonly DomainIssue<E>[] };
