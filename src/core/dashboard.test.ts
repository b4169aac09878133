import { DASHBOARD_REPORTS } from '../catalog/dashboard';
import { buildRequest } from './request';
import { dashboardPeriod, dashboardSpec, kpiFormulas, sheetRef } from './dashboard';
import { mergeRule } from './merge';
import { intlTimeZonePort } from './timezoneIntl';

const ctx = { today: '2026-11-28', timeZone: 'Europe/Berlin', tz: intlTimeZonePort };

describe('dashboard registry', () => {
  test('every report builds a valid request over the chosen period, through today; merged ones have a merge key', () => {
    const p = dashboardPeriod('months_12');
    for (const def of DASHBOARD_REPORTS) {
      const spec = dashboardSpec(def, p, '2026-11-28');
      expect(spec.start).toBe('2025-12-01');
      const built = buildRequest(spec, ctx);
      expect(built.range).toEqual(['2025-12-01', '2026-11-28']);
      if (def.mode === 'merge') expect(() => mergeRule(built.endpoint, built.normalise.layout)).not.toThrow();
    }
    expect(new Set(DASHBOARD_REPORTS.map((d) => d.id)).size).toBe(DASHBOARD_REPORTS.length);
    expect(new Set(DASHBOARD_REPORTS.map((d) => d.name)).size).toBe(DASHBOARD_REPORTS.length);
  });

  test('the period: the default, or one message naming what is allowed', () => {
    expect(dashboardPeriod(undefined).months).toBe(12);
    expect(() => dashboardPeriod('forever')).toThrow(
      'Period "forever" is not allowed: months_3 (Last 3 months), months_6 (Last 6 months), months_12 (Last 12 months), months_24 (Last 24 months)',
    );
  });

  test('KPI formulas: this and last month by the month’s first day in the Period column, Δ % from them', () => {
    expect(kpiFormulas("Bob's MRR", 'A', 'D', 3)).toEqual([
      `=IFERROR(INDEX('Bob''s MRR'!$D:$D, MATCH(DATE(YEAR(TODAY()), MONTH(TODAY()), 1), 'Bob''s MRR'!$A:$A, 0)), "")`,
      `=IFERROR(INDEX('Bob''s MRR'!$D:$D, MATCH(EDATE(DATE(YEAR(TODAY()), MONTH(TODAY()), 1), -1), 'Bob''s MRR'!$A:$A, 0)), "")`,
      '=IF(OR(B3="", C3="", C3=0), "", B3/C3-1)',
    ]);
    expect(sheetRef('MRR')).toBe("'MRR'!");
  });
});
