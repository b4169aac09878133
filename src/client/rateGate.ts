/**
 * Booking of sends within Adapty's limit (RULES.rateLimitPerSecond per key in any 1 s window). Every
 * caller books before it sends; where the bookings live decides who shares the limit: in memory (one
 * client) or in the script cache under a short lock (every execution using the key: src/adapters/
 * sharedRateGate.ts). Pure: the state is plain data and the clock is the caller's.
 */
import { RULES } from '../catalog/catalog';

/** Added to the 1 s window so our clock and the server's need not agree to the millisecond. */
export const WINDOW_MARGIN_MS = 50;

export interface Booking {
  /** When the booked sends may go (epoch ms); when none was booked, when the first could. */
  at: number;
  /** How many sends were booked at `at` (0: none by the caller's latest time). */
  count: number;
  /** Nothing was booked because the shared state could not be reached in time (try again). */
  contended?: boolean;
}

export interface RateGate {
  /** Books up to `n` sends at the earliest time the limit allows, if that is no later than `latest`. */
  reserve(n: number, latest: number): Booking;
  /** The server asked for a pause (429/503 with Retry-After): nothing is booked before `until`. */
  holdUntil(until: number): void;
}

/** Booked send times, ascending; only the last `perSecond` matter. */
export interface GateState {
  sent: number[];
  hold: number;
}

export const EMPTY_GATE: GateState = { sent: [], hold: 0 };

export interface GateRules {
  perSecond: number;
  windowMs: number;
}

export const ADAPTY_RULES: GateRules = {
  perSecond: RULES.rateLimitPerSecond,
  windowMs: 1000 + WINDOW_MARGIN_MS,
};

/**
 * Books sends after every earlier booking (bookings only move forward in time, so "at most P in any
 * window" is "each send at least a window after the P-th before it").
 */
export function book(
  state: GateState,
  now: number,
  n: number,
  latest: number,
  rules: GateRules = ADAPTY_RULES,
): { state: GateState; booking: Booking } {
  const { perSecond: p, windowMs: w } = rules;
  const sent = state.sent;
  const len = sent.length;
  let at = Math.max(now, state.hold, len > 0 ? sent[len - 1] : -Infinity);
  if (len >= p) at = Math.max(at, sent[len - p] + w);
  if (n <= 0 || at > latest) return { state, booking: { at, count: 0 } };
  let count = 0;
  while (count < n) {
    const i = len + count - p;
    // The P-th send before this one: an earlier booking, or one booked just now at `at` (too close).
    if (i >= len || (i >= 0 && sent[i] + w > at)) break;
    count++;
  }
  const next = sent.concat(new Array<number>(count).fill(at)).slice(-p);
  return { state: { sent: next, hold: state.hold }, booking: { at, count } };
}

/** Reads a stored state; anything unreadable is an empty gate (the server's 429 remains the backstop). */
export function parseGateState(text: string | null): GateState {
  if (!text) return EMPTY_GATE;
  try {
    const v = JSON.parse(text) as { sent?: unknown; hold?: unknown };
    const sent = Array.isArray(v?.sent) ? v.sent.filter((t): t is number => typeof t === 'number' && isFinite(t)) : [];
    sent.sort((a, b) => a - b);
    return { sent, hold: typeof v?.hold === 'number' && isFinite(v.hold) ? v.hold : 0 };
  } catch {
    return EMPTY_GATE;
  }
}

/** One client's own bookings (tests, and callers that share nothing). */
export class LocalRateGate implements RateGate {
  private state: GateState = EMPTY_GATE;
  constructor(
    private readonly now: () => number,
    private readonly rules: GateRules = ADAPTY_RULES,
  ) {}
  reserve(n: number, latest: number): Booking {
    const r = book(this.state, this.now(), n, latest, this.rules);
    this.state = r.state;
    return r.booking;
  }
  holdUntil(until: number): void {
    this.state = { ...this.state, hold: Math.max(this.state.hold, until) };
  }
}
