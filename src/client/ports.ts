/** The small interfaces pure code uses to reach the outside world; Apps Script adapters implement them. */

export interface HttpRequest {
  url: string;
  method: 'post' | 'get';
  headers: Record<string, string>;
  payload?: string;
}

export interface HttpResponse {
  status: number;
  body: string;
  /** Header names lower-cased. */
  headers: Record<string, string>;
}

/** A transport failure (connection reset, DNS, timeout): the request may be retried. */
export interface NetworkFailure {
  networkError: string;
}

export type HttpOutcome = HttpResponse | NetworkFailure;

export interface HttpPort {
  /** Sends the requests at once (UrlFetchApp.fetchAll) and returns one outcome per request, in order. */
  fetchAll(requests: HttpRequest[]): HttpOutcome[];
}

export interface Clock {
  now(): number;
  sleep(ms: number): void;
  /** [0, 1) — injected so backoff jitter is testable. */
  random(): number;
}

export type LogFn = (message: string) => void;

export function isNetworkFailure(o: HttpOutcome): o is NetworkFailure {
  return (o as NetworkFailure).networkError !== undefined;
}
