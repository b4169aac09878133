/**
 * Every behaviour of Adapty's API that the documentation leaves open, decided here and
 * only here. Each is a one-line change if a live answer proves it wrong; the README lists them.
 */
export const ASSUMPTIONS = {
  /**
   * §7.2, a conflict in Adapty's docs: only the newest spec's prose asks for `store_product_id` as
   * `<store>:<product_id>`; the older spec, the published reference, the filter tables, every example
   * (`["premium_subscription"]`, `[["monthly.premium.599"]]`) and the public live clients send plain ids.
   * The live API ignores values it does not know, so neither form is rewritten or refused: the add-on sends
   * what the user gave (nested lists flattened), and the values learned from the app's own data (segment
   * keys, src/services/filterValues.ts) show which form this account uses.
   */
  productIdForm: 'as_given',
  /** §2: the spec types from_period/to_period as strings; a live client also sent integers. We send strings. */
  conversionPeriodsAsStrings: true,
  /** §6.5: 429 carries no documented Retry-After; honour it when present, else back off exponentially. */
  honourRetryAfter: true,
  /** §6.7: the default zone without Adapty-Tz is unknown, so the header is always sent. */
  alwaysSendTimeZone: true,
  /** §2.3: the server may silently ignore filters a chart does not support, so the add-on refuses them itself. */
  rejectUnsupportedFilters: true,
  /**
   * §1: the documented key is `secret_live_` + 8 + `.` + 32 letters/digits, and that shape is all the add-on
   * accepts (a public key, a cut-off or padded key, anything else is refused before a request). One exception:
   * the same shape with another lowercase word for `live` (secret_sandbox_, secret_test_), which Adapty's docs say
   * exist; they are accepted with a warning that they may see only test data, because the request Save makes
   * first tells whether Adapty takes them. false refuses them too.
   */
  acceptNonLiveSecretKeys: true,
  /** §4.1: periods with no data may be missing from the answer; they stay empty cells, never invented zeros. */
  missingPeriodsAreEmpty: true,
  /**
   * Adapty's docs do not say on which weekday a `period_unit=week` bucket starts. Merge's refresh window
   * starts on a Monday (ISO weeks) so it never asks for part of a week; if weeks start on Sunday the first
   * week of each refresh comes back one day short and replaces its full row (src/core/merge.ts).
   */
  weeksStartOnMonday: true,
  /**
   * §7.1: the 2 requests/s limit is per app, shared by all of the app's keys. The add-on knows an app only
   * through its key, so "per app" is one booking gate per key fingerprint (sharedRateGate: script cache +
   * script lock), shared by every execution, document and user that uses the key. Two different keys of
   * one app (two colleagues' keys, say) book separately and can together exceed the limit; the 429
   * retries with a key-wide pause are the backstop there.
   */
  rateLimitScope: 'key',
} as const;
