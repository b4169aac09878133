/**
 * Where the report goes: a new sheet (named after the report unless the user names it), an existing
 * sheet, or the active cell; what to do with the data already there (the catalog's write modes); a
 * chart. Under the sheet name the panel says whether that sheet exists and what is in it (describeSheet),
 * so the replace question never comes as a surprise.
 */
import { useEffect, useState } from 'preact/hooks';
import { chartStylesFor } from '../src/catalog/layouts';
import { WRITE_MODES } from '../src/catalog/writeModes';
import type { SheetInfo } from '../src/entry/sidebarApi';
import { describeInfo, type DestState } from './destination';
import { call } from './server';
import { Checkbox, Select, TextField } from './ui';

const KINDS = [
  { id: 'new_sheet', label: 'New sheet' },
  { id: 'sheet', label: 'Existing sheet' },
  { id: 'active_cell', label: 'Active cell' },
];

export function DestinationPanel({
  dest,
  setDest,
  sheets,
  title,
  spec,
}: {
  dest: DestState;
  setDest: (d: DestState) => void;
  sheets: string[];
  title: string;
  /** The report: its layout's chart styles are offered once a chart is asked for. */
  spec: { endpoint: string; layout?: string };
}) {
  const styles = chartStylesFor(spec.endpoint, spec.layout);
  // Analytics draws lines; a layout with chart styles (funnel steps, cohort triangle) offers its own.
  const chartable = spec.endpoint === 'analytics' || styles.length > 0;
  const name =
    dest.kind === 'new_sheet'
      ? (dest.newNameTouched ? dest.newName : title).trim() || title
      : dest.kind === 'sheet'
        ? dest.sheet
        : '';
  const [info, setInfo] = useState<SheetInfo | null>(null);
  useEffect(() => {
    setInfo(null);
    if (!name) return undefined;
    let live = true;
    const t = window.setTimeout(() => {
      call('describeSheet', name).then(
        (i) => live && setInfo(i),
        () => live && setInfo(null),
      );
    }, 400);
    return () => {
      live = false;
      window.clearTimeout(t);
    };
  }, [name, dest.kind, sheets.length]);
  const said = info && info.name === name ? describeInfo(info, dest.kind === 'new_sheet') : null;
  const infoLine = said ? (
    <span class={said.warn ? 'dest-info warn' : 'dest-info'} id="f-dest-info">
      {said.text}
    </span>
  ) : undefined;
  return (
    <section class="block destination" aria-labelledby="dest-title">
      <h2 id="dest-title">Destination</h2>
      <Select
        id="f-dest"
        label="Write to"
        value={dest.kind}
        choices={KINDS}
        onChange={(v) => setDest({ ...dest, kind: v as DestState['kind'] })}
        help={dest.kind === 'active_cell' ? 'The report is written from the cell selected in the sheet.' : undefined}
      />
      {dest.kind === 'new_sheet' ? (
        <TextField
          id="f-dest-name"
          label="New sheet name"
          value={dest.newNameTouched ? dest.newName : title}
          onInput={(v) => setDest({ ...dest, newName: v, newNameTouched: true })}
          help={infoLine ?? 'If it exists, the report goes into it.'}
        />
      ) : null}
      {dest.kind === 'sheet' ? (
        <Select
          id="f-dest-sheet"
          label="Sheet name"
          value={dest.sheet}
          choices={sheets.map((s) => ({ id: s, label: s }))}
          empty="Choose a sheet…"
          help={infoLine}
          onChange={(v) => setDest({ ...dest, sheet: v })}
        />
      ) : null}
      <fieldset class="form-group inline-radios" id="f-mode">
        <legend>Write mode</legend>
        {WRITE_MODES.map((m) => (
          <label key={m.id} title={m.help}>
            <input
              type="radio"
              name="mode"
              value={m.id}
              checked={dest.mode === m.id}
              onChange={() => setDest({ ...dest, mode: m.id })}
            />{' '}
            {m.label}
          </label>
        ))}
        <div class="help gray" id="f-mode-help">
          {WRITE_MODES.find((m) => m.id === dest.mode)?.help}
        </div>
      </fieldset>
      {chartable ? (
        <Checkbox
          id="f-dest-chart"
          label="Add a chart"
          help="It follows the data as the report grows or shrinks."
          checked={dest.chart}
          onChange={(v) => setDest({ ...dest, chart: v })}
        />
      ) : null}
      {chartable && dest.chart && styles.length ? (
        <Select
          id="f-dest-chart-style"
          label="Chart style"
          value={styles.find((s) => s.id === dest.chartStyle)?.id ?? styles[0].id}
          choices={styles}
          onChange={(v) => setDest({ ...dest, chartStyle: v })}
        />
      ) : null}
    </section>
  );
}
