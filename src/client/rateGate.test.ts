import { ADAPTY_RULES, EMPTY_GATE, LocalRateGate, book, parseGateState, type GateState } from './rateGate';

const W = ADAPTY_RULES.windowMs;

/** Most sends in any window of `w` ms. */
const peak = (times: number[], w = 1000): number => {
  const t = [...times].sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; i < t.length; i++) {
    while (t[i] - t[j] >= w) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
};

test('two at once, then one window later', () => {
  const a = book(EMPTY_GATE, 0, 3, Infinity);
  expect(a.booking).toEqual({ at: 0, count: 2 });
  const b = book(a.state, 10, 3, Infinity);
  expect(b.booking).toEqual({ at: W, count: 2 });
  const c = book(b.state, 20, 1, Infinity);
  expect(c.booking).toEqual({ at: 2 * W, count: 1 });
});

test('many callers booking in any order never put more than 2 sends in a 1 s window', () => {
  let state: GateState = EMPTY_GATE;
  let seed = 7;
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const times: number[] = [];
  let now = 0;
  for (let i = 0; i < 200; i++) {
    now += Math.floor(rnd() * 700);
    const r = book(state, now, 1 + Math.floor(rnd() * 3), Infinity);
    state = r.state;
    expect(r.booking.at).toBeGreaterThanOrEqual(now);
    for (let k = 0; k < r.booking.count; k++) times.push(r.booking.at);
  }
  expect(peak(times)).toBeLessThanOrEqual(2);
  expect(state.sent.length).toBeLessThanOrEqual(2);
});

test("nothing is booked past the caller's latest time; it learns when the next slot is", () => {
  const full = book(book(EMPTY_GATE, 0, 2, Infinity).state, 0, 2, Infinity).state;
  const r = book(full, 0, 1, 1500);
  expect(r.booking).toEqual({ at: 2 * W, count: 0 });
  expect(r.state).toBe(full);
});

test('a hold (Retry-After) delays every booking until it ends', () => {
  const gate = new LocalRateGate(() => 1000);
  gate.holdUntil(4000);
  expect(gate.reserve(2, Infinity)).toEqual({ at: 4000, count: 2 });
});

test('an unreadable stored state is an empty gate', () => {
  for (const bad of [null, '', '{', 'null', '[1,2]', '{"sent":"x"}', '{"sent":[1,"a",null],"hold":"z"}'])
    expect(() => book(parseGateState(bad), 0, 1, Infinity)).not.toThrow();
  expect(parseGateState('{"sent":[5,3],"hold":9}')).toEqual({ sent: [3, 5], hold: 9 });
});
