/**
 * Filters as an analyst adds them: "+ Add filter", pick the filter, then its values (searchable,
 * several at once); active filters stay as removable chips. Values come from a FilterValueSource
 * (filterValues.ts: the catalog's, or the account's own from the server); a typed value that is not
 * among the known ones is kept, with a note. Every control is labelled; an error opens its filter's
 * editor and is tied to its search field.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { COUNTRY_CODES, FILTER_GROUP_LABELS, type Choice, type FilterDef } from '../src/catalog/catalog';
import { catalogChoices, countryName, searchChoices, type FilterValueSource, type ValuesRange } from './filterValues';
import { describedBy } from './ui';

const countryCheck = (t: string) =>
  COUNTRY_CODES.includes(t.toLowerCase())
    ? null
    : `"${t}" is not an ISO 3166-1 alpha-2 country code such as us, de, gb`;
const productCheck = (t: string) =>
  /^[^:\s]+:.+$/.test(t)
    ? null
    : `"${t}" needs its store: write it as store:product_id, e.g. app_store:premium_monthly`;

function checkOf(def: FilterDef): ((t: string) => string | null) | null {
  if (def.shape === 'country_list') return countryCheck;
  if (def.shape === 'product_list') return productCheck;
  return null;
}

function normalise(def: FilterDef, t: string): string {
  const s = t.trim();
  return def.shape === 'country_list' ? s.toLowerCase() : s;
}

export interface FilterPickerProps {
  filters: FilterDef[];
  values: Record<string, string[]>;
  onChange: (key: string, values: string[]) => void;
  error: (key: string) => string | null;
  source: FilterValueSource;
  range: ValuesRange;
  /** The report's app ('' = the default): the picker offers that app's values. */
  app: string;
}

export function FilterPicker({ filters, values, onChange, error, source, range, app }: FilterPickerProps) {
  const active = filters.filter((f) => (values[f.key] ?? []).length > 0);
  const errored = filters.find((f) => error(f.key));
  const [editing, setEditing] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const addRef = useRef<HTMLButtonElement>(null);
  // An error opens its filter (and nothing closes it when the error is fixed).
  useEffect(() => {
    if (errored) setEditing(errored.key);
  }, [errored?.key]);
  const shown = editing ? filters.find((f) => f.key === editing) : undefined;
  const available = filters.filter((f) => !active.includes(f) && f.key !== editing);
  const groups = groupFilters(available);

  const close = () => {
    setEditing(null);
    addRef.current?.focus();
  };

  return (
    <section class="block filters" aria-labelledby="filters-title">
      <h3 id="filters-title" class="subhead">
        Filters{active.length ? ` (${active.length} active)` : ''}
      </h3>
      {active.length ? (
        <ul class="filter-chips" aria-label="Active filters">
          {active.map((def) => (
            <li class="filter-chip-group" key={def.key}>
              <button
                type="button"
                class="chip-name link"
                id={`f-filter-${def.key}-edit`}
                aria-expanded={editing === def.key}
                aria-label={`Edit filter ${def.label}`}
                onClick={() => setEditing(editing === def.key ? null : def.key)}
              >
                {def.label}:
              </button>
              {(values[def.key] ?? []).map((v) => (
                <span class={checkOf(def)?.(v) ? 'chip invalid' : 'chip'} key={v}>
                  <span class="chip-text">{labelOf(def, v)}</span>
                  <button
                    type="button"
                    class="chip-remove"
                    aria-label={`Remove ${def.label}: ${labelOf(def, v)}`}
                    onClick={() => {
                      onChange(
                        def.key,
                        (values[def.key] ?? []).filter((x) => x !== v),
                      );
                      document.getElementById(`f-filter-${def.key}-edit`)?.focus();
                    }}
                  >
                    ×
                  </button>
                </span>
              ))}
            </li>
          ))}
        </ul>
      ) : null}
      {shown ? (
        <FilterEditor
          key={shown.key}
          def={shown}
          values={values[shown.key] ?? []}
          onChange={(v) => onChange(shown.key, v)}
          error={error(shown.key)}
          source={source}
          range={range}
          app={app}
          onDone={close}
        />
      ) : null}
      {available.length ? (
        adding ? (
          <div class="form-group">
            <label for="f-add-filter">Add a filter</label>
            <select
              id="f-add-filter"
              value=""
              onChange={(e) => {
                const k = e.currentTarget.value;
                if (!k) return;
                setAdding(false);
                setEditing(k);
              }}
              onKeyDown={(e) => {
                if (e.key === 'Escape') {
                  setAdding(false);
                  addRef.current?.focus();
                }
              }}
            >
              <option value="">Choose a filter…</option>
              {groups.map(([g, defs]) => (
                <optgroup label={FILTER_GROUP_LABELS[g]} key={g}>
                  {defs.map((d) => (
                    <option value={d.key} key={d.key}>
                      {d.label}
                    </option>
                  ))}
                </optgroup>
              ))}
            </select>
          </div>
        ) : (
          <button
            type="button"
            class="link add-filter"
            id="btn-add-filter"
            ref={addRef}
            onClick={() => {
              setAdding(true);
              window.setTimeout(() => document.getElementById('f-add-filter')?.focus(), 0);
            }}
          >
            + Add filter
          </button>
        )
      ) : null}
    </section>
  );
}

function labelOf(def: FilterDef, v: string): string {
  return def.values?.find((c) => c.id === v)?.label ?? (def.shape === 'country_list' ? countryName(v) : v);
}

function groupFilters(defs: FilterDef[]): [FilterDef['group'], FilterDef[]][] {
  const out: [FilterDef['group'], FilterDef[]][] = [];
  for (const d of defs) {
    const g = out.find((x) => x[0] === d.group);
    if (g) g[1].push(d);
    else out.push([d.group, [d]]);
  }
  return out;
}

/** One filter's values: a search field (Enter adds what is typed), the matching values as checkboxes. */
function FilterEditor({
  def,
  values,
  onChange,
  error,
  source,
  range,
  app,
  onDone,
}: {
  def: FilterDef;
  values: string[];
  onChange: (v: string[]) => void;
  error: string | null;
  source: FilterValueSource;
  range: ValuesRange;
  app: string;
  onDone: () => void;
}) {
  const id = `f-filter-${def.key}`;
  const [query, setQuery] = useState('');
  const [known, setKnown] = useState<readonly Choice[]>(catalogChoices(def));
  const rangeKey = range ? range.join('..') : '';
  useEffect(() => {
    let live = true;
    void source.known(def, range, app).then((k) => {
      if (live) setKnown(k);
    });
    return () => {
      live = false;
    };
  }, [def.key, rangeKey, app]);
  const single = def.shape === 'enum_single';
  const matches = useMemo(() => searchChoices(known, query), [known, query]);
  const check = checkOf(def);
  const unknown = known.length ? values.filter((v) => !known.some((c) => c.id === v)) : [];
  const problem = error ?? values.map((v) => check?.(v)).find((p) => p) ?? null;
  const note =
    unknown.length && !problem
      ? `${unknown.map((u) => `“${u}”`).join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not among the ${
          source.fromAccount && def.valuesFrom ? "app's" : 'known'
        } values; sent as typed.`
      : null;

  const toggle = (v: string, on: boolean) => {
    if (single) return onChange(on ? [v] : []);
    if (on && !values.includes(v)) onChange([...values, v]);
    if (!on) onChange(values.filter((x) => x !== v));
  };
  const addTyped = () => {
    const parts = query
      .split(def.shape === 'text_list' ? /\n/ : /[,\n]/)
      .map((p) => normalise(def, p))
      .filter(Boolean);
    if (!parts.length) return;
    // A search that names exactly one known value (by its label or id) picks it.
    const exact =
      parts.length === 1
        ? matches.filter((m) => m.id === parts[0] || m.label.toLowerCase() === parts[0].toLowerCase())
        : [];
    const picked = exact.length === 1 ? [exact[0].id] : parts;
    if (single) onChange([picked[0]]);
    else onChange([...values, ...picked.filter((p) => !values.includes(p))]);
    setQuery('');
  };
  const listId = `${id}-options`;
  const help = def.help + (known.length ? '' : '. Type a value and press Enter.');
  return (
    <div class="filter-editor" id={id} role="group" aria-labelledby={`${id}-label`}>
      <label id={`${id}-label`} for={`${id}-search`}>
        {def.label}
      </label>
      <input
        id={`${id}-search`}
        type="text"
        value={query}
        autoComplete="off"
        spellcheck={false}
        placeholder={known.length ? 'Search, or type a value and press Enter' : 'Type a value and press Enter'}
        aria-controls={known.length ? listId : undefined}
        aria-invalid={problem ? 'true' : undefined}
        aria-describedby={[describedBy(id, help, problem), note ? `${id}-note` : ''].filter(Boolean).join(' ')}
        onInput={(e) => setQuery(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            addTyped();
          } else if (e.key === 'Escape') {
            e.preventDefault();
            onDone();
          }
        }}
      />
      {known.length ? (
        <fieldset class="filter-options" id={listId}>
          <legend class="sr-only">{def.label} values</legend>
          {matches.length ? (
            matches.map((c) => (
              <label class="multi-option" key={c.id} title={c.help}>
                <input
                  type={single ? 'radio' : 'checkbox'}
                  name={single ? id : undefined}
                  checked={values.includes(c.id)}
                  onChange={(e) => toggle(c.id, e.currentTarget.checked)}
                />
                <span>{c.label}</span>
                {c.label !== c.id ? <span class="gray option-key"> {c.id}</span> : null}
              </label>
            ))
          ) : (
            <p class="gray">No known value matches; press Enter to use “{query.trim()}”.</p>
          )}
        </fieldset>
      ) : null}
      <div class="help gray" id={`${id}-help`}>
        {help}
      </div>
      {note ? (
        <div class="help note" id={`${id}-note`}>
          {note}
        </div>
      ) : null}
      {problem ? (
        <div class="field-error error" id={`${id}-error`} role="alert">
          {problem}
        </div>
      ) : null}
      <div class="buttons small">
        <button type="button" id={`${id}-done`} onClick={onDone}>
          Done
        </button>
      </div>
    </div>
  );
}
