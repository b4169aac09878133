/** Small helpers the tests share (test-only: nothing in src/ may import them). */

/** A deep copy of plain JSON data, to alter a fixture without touching the original. */
export const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

/** The message `fn` fails with; fails the test when it does not fail. */
export function failure(fn: () => unknown, what = 'the call'): string {
  try {
    fn();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error(`${what} did not fail`);
}

/** The error `fn` throws, checked to be a `type`; fails the test when it does not throw one. */
export function thrown<E extends Error>(fn: () => unknown, type: abstract new (...args: never[]) => E): E {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(type);
    return e as E;
  }
  throw new Error(`expected a ${type.name}`);
}
