import { ORPHAN_AFTER_MS, orphanOf } from './reportDue';
import type { SavedReport } from './report';
import { parseSchedule } from './schedule';
import { intlTimeZonePort } from './timezoneIntl';

const TZ = 'Europe/Berlin';
const bea = { id: 'bea', keyFingerprint: 'f1', name: 'Bea' };
const me = { id: 'me', keyFingerprint: 'f2' };
// Saved Wed 25 Nov 2026 at 09:00 in Berlin, daily at 06:00, never run.
const report = (owner = bea): SavedReport =>
  ({
    id: 'r1',
    name: 'MRR',
    spec: { endpoint: 'analytics', chart: 'mrr' },
    destination: { kind: 'new_sheet' },
    mode: 'overwrite',
    chart: false,
    headers: true,
    schedule: parseSchedule('daily at 6'),
    createdAt: '2026-11-25T08:00:00.000Z',
    updatedAt: '2026-11-25T08:00:00.000Z',
    failures: 0,
    owner: { id: owner.id, keyFingerprint: owner.keyFingerprint, name: owner.name },
  }) as unknown as SavedReport;
const slot = Date.parse('2026-11-26T05:00:00.000Z'); // Thu 06:00 in Berlin, the first slot after saving

test("another editor's report more than 3 hours past its slot is orphaned; before that, or mine, it is not", () => {
  expect(orphanOf(report(), me, slot + ORPHAN_AFTER_MS, TZ, intlTimeZonePort)).toBeNull();
  expect(orphanOf(report(), me, slot + ORPHAN_AFTER_MS + 60_000, TZ, intlTimeZonePort)).toEqual({
    owner: 'Bea',
    since: Date.parse('2026-11-25T08:00:00.000Z'),
    missedSlot: slot,
  });
  // The owner's own view: their report is theirs to refresh, never "orphaned".
  expect(orphanOf(report(), { ...bea }, slot + 10 * ORPHAN_AFTER_MS, TZ, intlTimeZonePort)).toBeNull();
  // Unscheduled: nothing is missed.
  expect(orphanOf({ ...report(), schedule: null }, me, slot + 10 * ORPHAN_AFTER_MS, TZ, intlTimeZonePort)).toBeNull();
});

test('a run after the slot brings it up to date again', () => {
  const ran = { ...report(), lastRun: { at: '2026-11-26T05:10:00.000Z', status: 'ok', trigger: 'schedule' } };
  expect(orphanOf(ran as SavedReport, me, slot + 2 * ORPHAN_AFTER_MS, TZ, intlTimeZonePort)).toBeNull();
});
