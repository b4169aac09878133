/**
 * New dashboard… (Extensions › Adapty): asks for the period, builds the dashboard step by step (the server
 * builds what fits in one execution; this view calls again until nothing is pending) and shows the
 * progress. When the spreadsheet has a dashboard already it adds nothing and offers to refresh it or to
 * add what is missing.
 */
import { useEffect, useState } from 'preact/hooks';
import type { DashboardProgress, DashboardStatus } from '../src/entry/sidebarApi';
import { call, toServerError } from './server';
import { Notice, Select, Spinner } from './ui';

type Action = 'build' | 'add_missing' | 'refresh';

export function Dashboard({ onChanged }: { onChanged: () => void }) {
  const [status, setStatus] = useState<DashboardStatus | null>(null);
  const [period, setPeriod] = useState('');
  const [progress, setProgress] = useState<DashboardProgress | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const load = async () => {
    try {
      const s = await call('dashboardStatus');
      setStatus(s);
      setPeriod((p) => p || s.defaultPeriod);
    } catch (e) {
      setError(toServerError(e).message);
    }
  };
  useEffect(() => void load(), []);

  const go = async (action: Action) => {
    setBusy(true);
    setError(null);
    try {
      // Each call builds what fits in one execution; the rest is pending for the next (since: the server's clock).
      let since: string | undefined;
      for (let step = 0; step < 20; step++) {
        const p = await call('buildDashboard', {
          period,
          action: step === 0 ? action : 'refresh',
          ...(since ? { since } : {}),
        });
        since = p.since;
        setProgress(p);
        if (p.status !== 'in_progress') break;
      }
      onChanged();
      await load();
    } catch (e) {
      setError(toServerError(e).message);
    } finally {
      setBusy(false);
    }
  };

  if (!status)
    return (
      <section id="dashboard">{error ? <Notice kind="error">{error}</Notice> : <Spinner label="Loading…" />}</section>
    );
  const exists = status.existing.length > 0;
  return (
    <section id="dashboard" class="group" aria-labelledby="dashboard-title">
      <h2 id="dashboard-title">New dashboard</h2>
      <p class="help">
        {status.reports.length} reports, each on its own sheet with its chart and refreshed daily, and an Overview of
        this month, last month and Δ %. App: the one your saved key belongs to.
      </p>
      {!exists ? (
        <Select
          id="dash-period"
          label="Period"
          value={period}
          choices={status.periods}
          onChange={setPeriod}
          disabled={busy}
        />
      ) : (
        <Notice kind="info" id="dash-exists">
          This spreadsheet has a dashboard: {status.existing.length} reports
          {status.overview ? ` and ${status.overview}` : ''}.
          {status.missing.length
            ? ` ${status.missing.length} missing: ${status.missing.map((m) => m.name).join(', ')}.`
            : ''}
        </Notice>
      )}
      <div class="buttons">
        {!exists ? (
          <button
            type="button"
            class="action"
            id="dash-build"
            disabled={busy || !status.hasKey}
            onClick={() => void go('build')}
          >
            Build dashboard
          </button>
        ) : (
          <>
            <button type="button" class="action" id="dash-refresh" disabled={busy} onClick={() => void go('refresh')}>
              Refresh dashboard
            </button>
            {status.missing.length ? (
              <button type="button" id="dash-add" disabled={busy} onClick={() => void go('add_missing')}>
                Add missing
              </button>
            ) : null}
          </>
        )}
      </div>
      <div aria-live="polite" class="live">
        {busy ? <Spinner label={progress ? `Built ${progress.done} of ${progress.total}…` : 'Building…'} /> : null}
        {!busy && progress ? (
          <Notice kind={progress.failed.length ? 'warn' : 'ok'} id="dash-result">
            {progress.message}
          </Notice>
        ) : null}
        {error ? <Notice kind="error">{error}</Notice> : null}
        {!status.hasKey ? <Notice kind="warn">Save your Adapty API key first (Connection above).</Notice> : null}
      </div>
    </section>
  );
}
