/**
 * The report builder, generated from the catalog: endpoint, chart, dates, the chosen endpoint's own
 * parameters (and only those), its filters, the table layout, and a preview of the exact request and of
 * the equivalent formula. Errors from the client-side buildRequest appear under the control they concern.
 */
import {
  CHARTS,
  CHART_BY_ID,
  CONVERSION_PAIRS,
  ENDPOINTS,
  FORMAT_PARAM,
  FROM_PERIODS,
  TO_PERIODS,
  type Choice,
  type EndpointId,
  type ParamDef,
} from '../src/catalog/catalog';
import { COMPARE_PRESETS, FIXED_DATE_PRESETS, PATTERN_DATE_PRESETS, PRESET_MAX_N } from '../src/catalog/datePresets';
import { daysInclusive } from '../src/core/dates/calendar';
import {
  MEASURE_CHOICES,
  TOTALS_CHOICES,
  endpointDefOf,
  isDated,
  layoutChoices,
  paramChoices,
  prettyRange,
  showsMeasure,
  showsTotals,
  visibleFilters,
  visibleParams,
  withChart,
  withEndpoint,
  type CompareMode,
  type FormState,
} from './form';
import type { Checked } from './validate';
import type { ComponentChildren } from 'preact';
import { FilterPicker } from './FilterPicker';
import type { FilterValueSource } from './filterValues';
import { Checkbox, Group, Select, TextField } from './ui';
import { CONNECTIONS } from '../src/catalog/connections';

interface Props {
  state: FormState;
  onChange: (next: FormState, dropped?: string[]) => void;
  check: Checked;
  timeZone: string;
  /** Where the filter picker's values come from (the catalog's, or the account's via the server). */
  filterSource: FilterValueSource;
  /** Controls other areas add after the filters (comparison layouts, chart choices…). */
  extra?: ComponentChildren;
  /** The user's connections by name (issue 15): with two or more, the form asks which app. */
  apps?: ReadonlyArray<{ name: string; isDefault: boolean }>;
}

export function ReportForm({ state, onChange, check, timeZone, filterSource, extra, apps = [] }: Props) {
  const err = (control: string) => (check.error && check.error.control === control ? check.error.message : null);
  const set = (patch: Partial<FormState>) => onChange({ ...state, ...patch });
  const setParam = (key: string, value: string) => onChange({ ...state, params: { ...state.params, [key]: value } });
  const setFilter = (key: string, values: string[]) =>
    onChange({ ...state, filters: { ...state.filters, [key]: values } });
  const ep = endpointDefOf(state.endpoint);
  const chart = CHART_BY_ID[state.chart];
  const params = visibleParams(state);
  const mainParams = params.filter((p) => !p.legacy);
  const legacyParams = params.filter((p) => p.legacy);
  const filters = visibleFilters(state);
  const layouts = layoutChoices(state);

  return (
    <div class="report-form">
      {apps.length > 1 || state.app ? <AppSelect state={state} apps={apps} set={set} /> : null}
      <Select
        id="f-endpoint"
        label="Report"
        value={state.endpoint}
        choices={ENDPOINTS.map((e) => ({ id: e.id, label: e.label }))}
        help={ep.help}
        error={err('endpoint')}
        onChange={(v) => {
          const r = withEndpoint(state, v as EndpointId);
          onChange(r.state, r.dropped);
        }}
      />
      {ep.id === 'analytics' ? (
        <Select
          id="f-chart"
          label="Chart"
          value={state.chart}
          choices={CHARTS.map((c) => ({ id: c.id, label: c.label }))}
          help={chart?.help}
          error={err('chart')}
          onChange={(v) => {
            const r = withChart(state, v);
            onChange(r.state, r.dropped);
          }}
        />
      ) : null}
      {ep.id === 'conversion' ? (
        <ConversionSteps state={state} setParam={setParam} err={err} onChange={onChange} />
      ) : null}
      {isDated(state) ? <Dates state={state} set={set} check={check} err={err} timeZone={timeZone} /> : null}

      {mainParams.map((def) => (
        <ParamControl key={def.key} def={def} state={state} setParam={setParam} error={err(def.key)} />
      ))}

      {filters.length ? (
        <FilterPicker
          filters={filters}
          values={state.filters}
          onChange={setFilter}
          error={err}
          source={filterSource}
          range={check.range}
          app={state.app}
        />
      ) : null}

      {extra}

      <Group
        id="more-options"
        title="Table and more options"
        hasError={['layout', 'measure', 'totals', 'format', ...legacyParams.map((p) => p.key)].some((k) => err(k))}
      >
        {layouts.length > 1 ? (
          <Select
            id="f-layout"
            label="Table layout"
            value={state.layout}
            choices={layouts}
            error={err('layout')}
            help={layouts.find((l) => l.id === state.layout)?.help}
            onChange={(v) => onChange({ ...state, layout: v, measure: '' })}
          />
        ) : null}
        {showsMeasure(state) ? (
          <Select
            id="f-measure"
            label="Money series"
            value={state.measure}
            choices={MEASURE_CHOICES}
            empty="Default (gross revenue)"
            error={err('measure')}
            onChange={(v) => set({ measure: v })}
          />
        ) : null}
        {showsTotals(state) ? (
          <Select
            id="f-totals"
            label="Total rows"
            value={state.totals || TOTALS_CHOICES[0].id}
            choices={TOTALS_CHOICES}
            help={TOTALS_CHOICES.find((t) => t.id === (state.totals || TOTALS_CHOICES[0].id))?.help}
            error={err('totals')}
            onChange={(v) => set({ totals: v })}
          />
        ) : null}
        <Select
          id="f-format"
          label={FORMAT_PARAM.label}
          value={state.format}
          choices={FORMAT_PARAM.values ?? []}
          empty="Default (JSON, typed table)"
          help={FORMAT_PARAM.help}
          error={err('format')}
          onChange={(v) => set({ format: v })}
        />
        {legacyParams.map((def) => (
          <ParamControl key={def.key} def={def} state={state} setParam={setParam} error={err(def.key)} legacy />
        ))}
      </Group>

      {check.error && !isShown(check.error.control, state) ? (
        <div class="field-error error" role="alert" id="f-general-error">
          {check.error.message}
        </div>
      ) : null}
    </div>
  );
}

/** Is there a control on screen for this error's field? Otherwise it is shown under the form. */
function isShown(control: string, state: FormState): boolean {
  if (['endpoint', 'format', 'layout', 'measure', 'totals'].includes(control)) return true;
  if (control === 'chart') return state.endpoint === 'analytics';
  if (['start', 'end', 'compare', 'compare_start', 'compare_end'].includes(control)) return isDated(state);
  if (visibleParams(state).some((p) => p.key === control)) return true;
  if (control === 'from_period' || control === 'to_period') return state.endpoint === 'conversion';
  return visibleFilters(state).some((f) => f.key === control);
}

function Dates({
  state,
  set,
  check,
  err,
  timeZone,
}: {
  state: FormState;
  set: (p: Partial<FormState>) => void;
  check: Checked;
  err: (c: string) => string | null;
  timeZone: string;
}) {
  const presetChoices: Choice[] = [
    ...FIXED_DATE_PRESETS.map((p) => ({ id: p.id, label: p.label })),
    ...PATTERN_DATE_PRESETS.map((p) => ({ id: p.id, label: p.label })),
    { id: 'custom', label: 'Custom range…' },
  ];
  const pattern = PATTERN_DATE_PRESETS.find((p) => p.id === state.datePreset)?.pattern;
  const preset = [...FIXED_DATE_PRESETS, ...PATTERN_DATE_PRESETS].find((p) => p.id === state.datePreset);
  const range = check.range;
  const compareChoices: Choice[] = [
    ...COMPARE_PRESETS.map((c) => ({ id: c.id, label: c.label })),
    { id: 'custom', label: 'Custom range…' },
  ];
  const startError = err('start');
  return (
    <fieldset class="dates">
      <legend>Dates</legend>
      <Select
        id="f-preset"
        label="Date range"
        value={state.datePreset}
        choices={presetChoices}
        error={state.datePreset !== 'custom' && !pattern ? startError : null}
        help={preset?.help}
        onChange={(v) =>
          set(v === 'custom' && range ? { datePreset: v, start: range[0], end: range[1] } : { datePreset: v })
        }
      />
      {pattern ? (
        <TextField
          id="f-preset-n"
          label={`Number of ${pattern.unit}`}
          type="number"
          value={state.presetN}
          inputMode="numeric"
          min="1"
          max={String(PRESET_MAX_N[pattern.unit])}
          error={startError}
          onInput={(v) => set({ presetN: v })}
        />
      ) : null}
      {state.datePreset === 'custom' ? (
        <div class="row2">
          <TextField
            id="f-start"
            label="From"
            type="date"
            value={state.start}
            error={startError}
            onInput={(v) => set({ start: v })}
          />
          <TextField
            id="f-end"
            label="To"
            type="date"
            value={state.end}
            error={err('end')}
            onInput={(v) => set({ end: v })}
            help={state.end ? undefined : 'Empty: through today'}
          />
        </div>
      ) : null}
      <p class="resolved" id="f-range" aria-live="polite">
        {range ? (
          <>
            {prettyRange(range)}{' '}
            <span class="gray">
              · {daysInclusive(range)} day{daysInclusive(range) === 1 ? '' : 's'} · {timeZone}
            </span>
          </>
        ) : null}
      </p>
      <Select
        id="f-compare"
        label="Compare with"
        value={state.compare}
        choices={compareChoices}
        empty="No comparison"
        error={err('compare')}
        onChange={(v) => set({ compare: v as CompareMode })}
        help={COMPARE_PRESETS.find((c) => c.id === state.compare)?.help}
      />
      {state.compare === 'custom' ? (
        <div class="row2">
          <TextField
            id="f-compare-start"
            label="From"
            type="date"
            value={state.compareStart}
            error={err('compare_start')}
            onInput={(v) => set({ compareStart: v })}
          />
          <TextField
            id="f-compare-end"
            label="To"
            type="date"
            value={state.compareEnd}
            error={err('compare_end')}
            onInput={(v) => set({ compareEnd: v })}
          />
        </div>
      ) : null}
      {state.compare && check.compareRange ? (
        <p class="resolved" id="f-compare-range">
          Compared with {prettyRange(check.compareRange)}{' '}
          <span class="gray">· {daysInclusive(check.compareRange)} days</span>
        </p>
      ) : null}
    </fieldset>
  );
}

function ConversionSteps({
  state,
  setParam,
  err,
  onChange,
}: {
  state: FormState;
  setParam: (k: string, v: string) => void;
  err: (c: string) => string | null;
  onChange: (s: FormState) => void;
}) {
  const from = state.params.from_period ?? '';
  const to = state.params.to_period ?? '';
  const pair = CONVERSION_PAIRS.find((p) => p.from === from && p.to === to);
  const [custom, pairValue] = pair ? [false, `${pair.from}>${pair.to}`] : [true, 'custom'];
  const choices: Choice[] = [
    ...CONVERSION_PAIRS.map((p) => ({ id: `${p.from}>${p.to}`, label: p.label })),
    { id: 'custom', label: 'Other steps…' },
  ];
  return (
    <>
      <Select
        id="f-conversion"
        label="Conversion"
        value={pairValue}
        choices={choices}
        error={custom ? null : (err('from_period') ?? err('to_period'))}
        onChange={(v) => {
          if (v === 'custom')
            return onChange({ ...state, params: { ...state.params, from_period: from, to_period: to || '2' } });
          const [f, t] = v.split('>');
          onChange({ ...state, params: { ...state.params, from_period: f, to_period: t } });
        }}
      />
      {custom ? (
        <div class="row2">
          <Select
            id="f-param-from_period"
            label="From step"
            value={from}
            choices={FROM_PERIODS}
            error={err('from_period')}
            onChange={(v) => setParam('from_period', v)}
          />
          <Select
            id="f-param-to_period"
            label="To step"
            value={to}
            choices={TO_PERIODS}
            error={err('to_period')}
            onChange={(v) => setParam('to_period', v)}
          />
        </div>
      ) : null}
    </>
  );
}

function ParamControl({
  def,
  state,
  setParam,
  error,
  legacy,
}: {
  def: ParamDef;
  state: FormState;
  setParam: (k: string, v: string) => void;
  error: string | null;
  legacy?: boolean;
}) {
  const id = `f-param-${def.key}`;
  const value = state.params[def.key] ?? '';
  const help = legacy ? `${def.help}. Listed only in Adapty’s older guide; sent as chosen.` : def.help;
  switch (def.type) {
    case 'enum':
    case 'int_enum': {
      const choices = paramChoices(state, def);
      const dflt =
        def.default === undefined || def.default === null
          ? undefined
          : choices.find((c) => c.id === String(def.default));
      const empty = def.key === 'segmentation' ? undefined : dflt ? `Default (${dflt.label})` : 'Not set';
      const shownValue = def.key === 'segmentation' && value === '' ? 'default' : value;
      return (
        <Select
          id={id}
          label={def.label}
          value={shownValue}
          choices={choices}
          empty={empty}
          help={help}
          error={error}
          onChange={(v) => setParam(def.key, def.key === 'segmentation' && v === 'default' ? '' : v)}
        />
      );
    }
    case 'int_list':
      return (
        <TextField
          id={id}
          label={def.label}
          value={value}
          placeholder="0, 3, 7, 14, 28"
          help={help}
          error={error}
          onInput={(v) => setParam(def.key, v)}
        />
      );
    case 'boolean':
      return (
        <Checkbox
          id={id}
          label={def.label}
          checked={value === 'true'}
          help={help}
          onChange={(v) => setParam(def.key, v ? 'true' : '')}
        />
      );
    default:
      return null;
  }
}

/** Which connection runs the report: the default (marked), another by name, or All apps (a portfolio). */
function AppSelect({
  state,
  apps,
  set,
}: {
  state: FormState;
  apps: ReadonlyArray<{ name: string; isDefault: boolean }>;
  set: (patch: Partial<FormState>) => void;
}) {
  const def = apps.find((a) => a.isDefault);
  const choices: Choice[] = [
    { id: '', label: def ? `${def.name} (default)` : 'The default connection' },
    ...apps.filter((a) => !a.isDefault).map((a) => ({ id: a.name, label: a.name })),
    { id: CONNECTIONS.allKeyword, label: 'All apps' },
  ];
  // A saved report's app that is no longer a connection stays visible, so the run can say it is gone.
  if (state.app && !choices.some((c) => c.id.toLowerCase() === state.app.toLowerCase()))
    choices.push({ id: state.app, label: `${state.app} (not a connection)` });
  const value = choices.find((c) => c.id.toLowerCase() === state.app.toLowerCase())?.id ?? '';
  return (
    <Select
      id="f-app"
      label="App"
      value={value}
      choices={choices}
      help={
        value === CONNECTIONS.allKeyword
          ? 'Every connection, stacked under an App column; Total rows where the values add up'
          : 'Which connection (app) the report asks'
      }
      onChange={(v) => set({ app: v })}
    />
  );
}
