/**
 * The Adapty sidebar: connection, report builder, run / insert / save, saved reports. Built by
 * scripts/build.mjs into one self-contained dist/Sidebar.html. All data reaches the page through
 * google.script.run (sidebar/server.ts) and is rendered as text by preact.
 */
import { Dashboard } from './Dashboard';
import { render } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Bootstrap, ConnectionsStatus, KeyStatus, RunResult, SavedReport } from '../src/entry/sidebarApi';
import { ActionBar } from './ActionBar';
import { defaultDest, type DestState } from './destination';
import { DestinationPanel } from './DestinationPanel';
import { accountValues } from './filterValues';
import { SavePanel } from './SavePanel';
import { useRun } from './useRun';
import { Connection } from './Connection';
import { Apps, appNames, type AppName } from './Apps';
import { defaultForm, formToSpec, reportTitle, specToForm, type FormState } from './form';
import { sheetNameFor } from '../src/core/report';
import { PermissionBanner, usePermissions } from './PermissionBanner';
import { ReportForm } from './ReportForm';
import { SavedReports } from './Saved';
import { call } from './server';
import { setSheetLocale } from './numbers';
import { Notice, Spinner } from './ui';
import { checkSpec, type Checked } from './validate';

type Tab = 'report' | 'saved';

function Preview({ check, timeZone }: { check: Checked; timeZone: string }) {
  return (
    <details class="group preview" id="preview">
      <summary>Request and formula preview</summary>
      {check.built ? (
        <>
          <div class="preview-label">POST {check.built.path}</div>
          <pre class="code" id="preview-body" tabIndex={0} aria-label="Request body">
            {JSON.stringify(check.built.body, null, 2)}
          </pre>
          <div class="help gray">Sent with the saved key and the sheet’s time zone ({timeZone}).</div>
          {check.formula ? (
            <>
              <div class="preview-label">Same report as a formula</div>
              <pre class="code formula" id="preview-formula" tabIndex={0} aria-label="Formula">
                {check.formula}
              </pre>
            </>
          ) : null}
        </>
      ) : (
        <p class="gray">Fix the highlighted field to see the request.</p>
      )}
    </details>
  );
}

function Tabs({ tab, setTab, savedCount }: { tab: Tab; setTab: (t: Tab) => void; savedCount: number }) {
  const tabs: [Tab, string][] = [
    ['report', 'Report'],
    ['saved', `Saved reports (${savedCount})`],
  ];
  const onKey = (e: KeyboardEvent) => {
    if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft' && e.key !== 'Home' && e.key !== 'End') return;
    e.preventDefault();
    const i = tabs.findIndex(([t]) => t === tab);
    const next =
      e.key === 'Home'
        ? 0
        : e.key === 'End'
          ? tabs.length - 1
          : (i + (e.key === 'ArrowRight' ? 1 : tabs.length - 1)) % tabs.length;
    setTab(tabs[next][0]);
    document.getElementById(`tab-${tabs[next][0]}`)?.focus();
  };
  return (
    <div class="tabs" role="tablist" aria-label="Sidebar sections" onKeyDown={onKey}>
      {tabs.map(([t, label]) => (
        <button
          type="button"
          role="tab"
          id={`tab-${t}`}
          key={t}
          aria-selected={tab === t}
          aria-controls={`panel-${t}`}
          tabIndex={tab === t ? 0 : -1}
          class={tab === t ? 'tab selected' : 'tab'}
          onClick={() => setTab(t)}
        >
          {label}
        </button>
      ))}
    </div>
  );
}

function App() {
  const [boot, setBoot] = useState<Bootstrap | null>(null);
  const [bootError, setBootError] = useState<string | null>(null);
  const [key, setKey] = useState<KeyStatus>({ saved: false });
  const [form, setForm] = useState<FormState>(defaultForm());
  const [dropped, setDropped] = useState<string | null>(null);
  const [reports, setReports] = useState<SavedReport[]>([]);
  const [sheets, setSheets] = useState<string[]>([]);
  const [tab, setTab] = useState<Tab>('report');
  const [editing, setEditing] = useState<SavedReport | null>(null);
  const [dest, setDest] = useState<DestState>(defaultDest());
  /** Bumped by "Start a new report": clears what the panels say even when the form was already new. */
  const [fresh, setFresh] = useState(0);
  const loaded = useRef(false);
  /** The server's clock minus the browser's, so "next run" counts from the sheet's now. */
  const clockOffset = useRef(0);
  const serverNow = () => Date.now() + clockOffset.current;

  const load = () => {
    setBootError(null);
    call('getBootstrap').then(
      (b) => {
        clockOffset.current = b.now - Date.now();
        setSheetLocale(b.locale);
        setBoot(b);
        setKey(b.key);
        setReports(b.reports);
        setSheets(b.sheets);
        setForm(specToForm(b.lastSpec));
        loaded.current = true;
      },
      (e: Error) => setBootError(e.message),
    );
  };
  useEffect(load, []);
  const permissions = usePermissions();
  const [apps, setApps] = useState<AppName[]>([]);
  const loadApps = () =>
    void call('listConnections').then(
      (s) => setApps(appNames(s)),
      () => undefined,
    );
  useEffect(loadApps, []);
  /** After an Apps change: the names, the key status (the default may be another app now), and the saved
   * reports (a rename changes the app= of those that use it). */
  const onApps = (s: ConnectionsStatus) => {
    setApps(appNames(s));
    void call('listReports').then(setReports, () => undefined);
    const d = s.connections.find((c) => c.isDefault);
    setKey(d ? { saved: true, masked: d.masked, ...(d.warning ? { warning: d.warning } : {}) } : { saved: false });
  };

  const spec = useMemo(() => formToSpec(form), [form]);
  const check = useMemo(
    () =>
      checkSpec(spec, {
        today: boot?.today ?? new Date().toISOString().slice(0, 10),
        timeZone: boot?.timeZone ?? 'UTC',
        separator: boot?.separator ?? ',',
        dateFormat: boot?.dateFormat,
      }),
    [spec, boot],
  );
  const title = useMemo(() => sheetNameFor(reportTitle(form)), [form]);

  // Remember the form (debounced), so the sidebar reopens on the same report.
  const specJson = JSON.stringify(spec);
  useEffect(() => {
    if (!loaded.current) return undefined;
    const t = window.setTimeout(() => {
      call('rememberSpec', spec).catch(() => undefined);
    }, 1200);
    return () => window.clearTimeout(t);
  }, [specJson]);

  const onForm = (next: FormState, lost?: string[]) => {
    setForm(next);
    setDropped(lost && lost.length ? `Not available for this report, so removed: ${lost.join(', ')}.` : null);
  };
  const onRan = (r: RunResult) => {
    if (!sheets.includes(r.sheetName)) setSheets([...sheets, r.sheetName]);
  };
  const changeKey = `${fresh}|${specJson}|${JSON.stringify(dest)}`;
  const run = useRun({ spec, check, title, dest, onRan, changeKey });
  const edit = (r: SavedReport) => {
    setEditing(r);
    setForm(specToForm(r.spec));
    const d = r.destination;
    setDest({
      kind: d.kind,
      newName: d.kind === 'new_sheet' ? (d.sheetName ?? '') : '',
      newNameTouched: d.kind === 'new_sheet' && !!d.sheetName,
      sheet: d.kind === 'sheet' ? d.sheetName : '',
      mode: r.mode,
      chart: r.chart,
      chartStyle: r.chartStyle ?? '',
    });
    setTab('report');
  };

  if (!boot) {
    return (
      <main class="sidebar" data-missing-permissions={permissions?.missing.length}>
        <PermissionBanner status={permissions} />
        {bootError ? (
          <>
            <Notice kind="error">{bootError}</Notice>
            <button type="button" class="action" onClick={load}>
              Try again
            </button>
          </>
        ) : (
          <div aria-live="polite">
            <Spinner label="Loading…" />
          </div>
        )}
      </main>
    );
  }

  return (
    <main class="sidebar" data-missing-permissions={permissions?.missing.length}>
      <PermissionBanner status={permissions} />
      <Connection
        status={key}
        onStatus={(k) => {
          setKey(k);
          loadApps();
        }}
        focus={boot.view === 'settings'}
      />
      <Apps apps={apps} onChange={onApps} />
      {boot.view === 'dashboard' ? <Dashboard onChanged={() => void call('listReports').then(setReports)} /> : null}
      <Tabs tab={tab} setTab={setTab} savedCount={reports.length} />
      <div role="tabpanel" id="panel-report" aria-labelledby="tab-report" hidden={tab !== 'report'}>
        <div class="panel-head">
          <button
            type="button"
            class="link"
            id="btn-new-report"
            onClick={() => {
              setForm(defaultForm());
              setDest(defaultDest());
              setEditing(null);
              setDropped(null);
              setFresh(fresh + 1);
            }}
          >
            Start a new report
          </button>
        </div>
        {editing ? (
          <Notice kind="info">Editing “{editing.name}”. Changes apply when you update it below.</Notice>
        ) : null}
        <div aria-live="polite" class="live">
          {dropped ? (
            <div class="notice notice-info" id="f-dropped">
              {dropped}
            </div>
          ) : null}
        </div>
        <ReportForm
          state={form}
          onChange={onForm}
          check={check}
          timeZone={boot.timeZone}
          filterSource={accountValues}
          apps={apps}
        />
        <Preview check={check} timeZone={boot.timeZone} />
        <DestinationPanel dest={dest} setDest={setDest} sheets={sheets} title={title} spec={spec} />
        <SavePanel
          spec={spec}
          check={check}
          title={title}
          dest={dest}
          timeZone={boot.timeZone}
          zoneNote={boot.scheduleZoneNote}
          editing={editing}
          changeKey={changeKey}
          onStopEditing={() => setEditing(null)}
          onSaved={(r, created) => {
            setReports(created ? [...reports, r] : reports.map((x) => (x.id === r.id ? r : x)));
            setEditing(r);
          }}
        />
        <ActionBar run={run} blocked={!!check.error} separator={boot.separator} />
      </div>
      <div role="tabpanel" id="panel-saved" aria-labelledby="tab-saved" hidden={tab !== 'saved'}>
        {boot.schedulerStatus ? (
          <p class="help gray" id="scheduler-status">
            {boot.schedulerStatus}
          </p>
        ) : null}
        <SavedReports
          reports={reports}
          timeZone={boot.timeZone}
          now={serverNow}
          me={boot.me}
          onReports={setReports}
          onEdit={edit}
          onRan={onRan}
        />
      </div>
    </main>
  );
}

render(<App />, document.getElementById('app')!);
