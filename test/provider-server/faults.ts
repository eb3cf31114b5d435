/**
 * What the test server does wrong, chosen per request by the test's `faults` function:
 * answer an HTTP error (with `Retry-After`), hang past the client's timeout (before or in the
 * middle of the body), send malformed or truncated JSON, or answer with a refusal or nothing.
 */
export type Fault =
  | { readonly kind: 'status'; readonly status: number; readonly retryAfter?: string; readonly retryAfterMs?: string; readonly code?: string; readonly message?: string }
  | { readonly kind: 'hang' }
  | { readonly kind: 'hang-body' }
  | { readonly kind: 'malformed' }
  | { readonly kind: 'truncated' }
  | { readonly kind: 'refusal'; readonly via: 'field' | 'text' }
  | { readonly kind: 'content-filter' }
  | { readonly kind: 'empty' }
  /** HTTP 200 with usage (billed) but no choices: a paid answer that is not a chat completion. */
  | { readonly kind: 'no-choices' }
  | { readonly kind: 'delay'; readonly ms: number };

export type Route = 'chat' | 'embeddings' | 'files' | 'batches' | 'models';

export interface FaultContext {
  readonly route: Route;
  /** 1-based count of requests on this route so far (this one included). */
  readonly routeCount: number;
  /** For chat requests: a short hash of the decoded image bytes. */
  readonly imageKey?: string;
  /** For chat requests: how many times this image has been asked about (this time included). */
  readonly imageAttempt?: number;
  /** True for a line of a Batch API file (only status, refusal, empty and no-choices faults apply there). */
  readonly inBatch: boolean;
  readonly body: unknown;
}

export type FaultPlan = (context: FaultContext) => Fault | undefined;
