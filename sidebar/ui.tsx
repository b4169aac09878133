/**
 * Small accessible form primitives. Every control has a visible <label> (or a fieldset legend), its help
 * and error are tied to it with aria-describedby, and errors set aria-invalid. Everything is rendered as
 * text through preact (never as HTML).
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Choice } from '../src/catalog/catalog';

export function describedBy(id: string, help?: unknown, error?: unknown): string | undefined {
  const ids = [help ? `${id}-help` : '', error ? `${id}-error` : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

export function FieldNote({ id, help, error }: { id: string; help?: ComponentChildren; error?: string | null }) {
  return (
    <>
      {help ? (
        <div class="help gray" id={`${id}-help`}>
          {help}
        </div>
      ) : null}
      {error ? (
        <div class="field-error error" id={`${id}-error`} role="alert">
          {error}
        </div>
      ) : null}
    </>
  );
}

interface SelectProps {
  id: string;
  label: string;
  value: string;
  choices: readonly Choice[];
  onChange: (value: string) => void;
  help?: ComponentChildren;
  error?: string | null;
  /** A first option for "not set" (value ''). */
  empty?: string;
  disabled?: boolean;
}

export function Select({ id, label, value, choices, onChange, help, error, empty, disabled }: SelectProps) {
  return (
    <div class="form-group">
      <label for={id}>{label}</label>
      <select
        id={id}
        value={value}
        disabled={disabled}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy(id, help, error)}
        onChange={(e) => onChange(e.currentTarget.value)}
      >
        {empty !== undefined ? <option value="">{empty}</option> : null}
        {choices.map((c) => (
          <option key={c.id} value={c.id}>
            {c.label}
          </option>
        ))}
      </select>
      <FieldNote id={id} help={help} error={error} />
    </div>
  );
}

interface TextProps {
  id: string;
  label: string;
  value: string;
  onInput: (value: string) => void;
  help?: ComponentChildren;
  error?: string | null;
  type?: 'text' | 'number' | 'date' | 'password';
  placeholder?: string;
  autoComplete?: string;
  inputMode?: string;
  min?: string;
  max?: string;
  class?: string;
}

export function TextField({
  id,
  label,
  value,
  onInput,
  help,
  error,
  type = 'text',
  placeholder,
  autoComplete,
  inputMode,
  min,
  max,
  class: cls,
}: TextProps) {
  return (
    <div class={`form-group ${cls ?? ''}`}>
      <label for={id}>{label}</label>
      <input
        id={id}
        // Preact types <input> props as a union keyed by `type`; tsc needs the narrowing that the lint rule calls unnecessary.
        // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion
        type={type as 'text'}
        value={value}
        placeholder={placeholder}
        autoComplete={autoComplete}
        spellcheck={false}
        // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- as for `type` above
        inputMode={inputMode as 'numeric' | undefined}
        min={min}
        max={max}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy(id, help, error)}
        onInput={(e) => onInput(e.currentTarget.value)}
      />
      <FieldNote id={id} help={help} error={error} />
    </div>
  );
}

export function Checkbox({
  id,
  label,
  checked,
  onChange,
  help,
}: {
  id: string;
  label: string;
  checked: boolean;
  onChange: (v: boolean) => void;
  help?: string;
}) {
  return (
    <div class="form-group checkbox">
      <input
        id={id}
        type="checkbox"
        checked={checked}
        aria-describedby={help ? `${id}-help` : undefined}
        onChange={(e) => onChange(e.currentTarget.checked)}
      />
      <label for={id}>{label}</label>
      {help ? (
        <div class="help gray" id={`${id}-help`}>
          {help}
        </div>
      ) : null}
    </div>
  );
}

/** A multi-select as a group of checkboxes (keyboard: Tab between, Space toggles). */
export function MultiCheck({
  id,
  label,
  choices,
  values,
  onChange,
  help,
  error,
}: {
  id: string;
  label: string;
  choices: readonly Choice[];
  values: string[];
  onChange: (v: string[]) => void;
  help?: string;
  error?: string | null;
}) {
  const toggle = (cid: string, on: boolean) => {
    const next = on ? [...values, cid] : values.filter((v) => v !== cid);
    // Keep the catalog's order.
    onChange(
      choices
        .map((c) => c.id)
        .filter((c) => next.includes(c))
        .concat(next.filter((v) => !choices.some((c) => c.id === v))),
    );
  };
  return (
    <fieldset
      class="form-group multi"
      id={id}
      aria-describedby={describedBy(id, help, error)}
      aria-invalid={error ? 'true' : undefined}
    >
      <legend>{label}</legend>
      <div class="multi-options">
        {choices.map((c) => (
          <label class="multi-option" key={c.id} title={c.help}>
            <input
              type="checkbox"
              checked={values.includes(c.id)}
              onChange={(e) => toggle(c.id, e.currentTarget.checked)}
            />
            <span>{c.label}</span>
          </label>
        ))}
      </div>
      <FieldNote id={id} help={help} error={error} />
    </fieldset>
  );
}

/**
 * A list as tokens: type a value and press Enter (or a comma, where values cannot contain one) to add
 * it; each token has a remove button. Tokens the `check` function refuses are marked invalid and the
 * reason is shown; pending text is committed when the field loses focus.
 */
export function TokenInput({
  id,
  label,
  values,
  onChange,
  help,
  error,
  placeholder,
  commaSeparates,
  check,
  normalise,
}: {
  id: string;
  label: string;
  values: string[];
  onChange: (v: string[]) => void;
  help?: string;
  error?: string | null;
  placeholder?: string;
  commaSeparates: boolean;
  check?: (token: string) => string | null;
  normalise?: (token: string) => string;
}) {
  const [text, setText] = useState('');
  const input = useRef<HTMLInputElement>(null);
  const commit = (raw: string) => {
    const parts = (commaSeparates ? raw.split(/[,\n]/) : raw.split('\n'))
      .map((s) => s.trim())
      .filter(Boolean)
      .map((s) => (normalise ? normalise(s) : s));
    const next = [...values];
    for (const p of parts) if (!next.includes(p)) next.push(p);
    if (next.length !== values.length) onChange(next);
    setText('');
  };
  const remove = (i: number) => {
    onChange(values.filter((_, j) => j !== i));
    input.current?.focus();
  };
  const problems = check ? values.map((v) => check(v)) : values.map(() => null);
  const firstProblem = problems.find((p) => p);
  const shownError = error ?? firstProblem ?? null;
  return (
    <div class="form-group tokens">
      <label for={id}>{label}</label>
      {values.length ? (
        <ul class="token-list" aria-label={`${label}: ${values.length} selected`}>
          {values.map((v, i) => (
            <li key={`${i}:${v}`} class={problems[i] ? 'token invalid' : 'token'}>
              <span class="token-text">{v}</span>
              <button type="button" class="token-remove" aria-label={`Remove ${v}`} onClick={() => remove(i)}>
                ×
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <input
        id={id}
        ref={input}
        type="text"
        value={text}
        placeholder={placeholder}
        spellcheck={false}
        autoComplete="off"
        aria-invalid={shownError ? 'true' : undefined}
        aria-describedby={describedBy(id, help, shownError)}
        onInput={(e) => {
          const v = e.currentTarget.value;
          if (commaSeparates && v.includes(',')) commit(v);
          else setText(v);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            commit(text);
          } else if (e.key === 'Backspace' && text === '' && values.length) {
            onChange(values.slice(0, -1));
          }
        }}
        onPaste={(e) => {
          const pasted = e.clipboardData?.getData('text') ?? '';
          if (pasted.includes('\n')) {
            e.preventDefault();
            commit(text + pasted);
          }
        }}
        onBlur={() => {
          if (text.trim()) commit(text);
        }}
      />
      <FieldNote id={id} help={help} error={shownError} />
    </div>
  );
}

/** A status line: role=alert for errors (announced at once), polite status otherwise. */
export function Notice({
  kind,
  children,
  id,
}: {
  kind: 'error' | 'ok' | 'info' | 'warn';
  children: ComponentChildren;
  id?: string;
}) {
  if (kind === 'error')
    return (
      <div id={id} class="notice notice-error error" role="alert">
        {children}
      </div>
    );
  return (
    <div id={id} class={`notice notice-${kind}`} role="status">
      {children}
    </div>
  );
}

export function Spinner({ label }: { label: string }) {
  return (
    <span class="spinner-wrap">
      <span class="spinner" aria-hidden="true" />
      {label}
    </span>
  );
}

/**
 * A collapsible section that opens when one of its fields has an error and stays as the user left it
 * afterwards (fixing the error does not fold it shut under their cursor).
 */
export function Group({
  id,
  title,
  hasError,
  children,
}: {
  id: string;
  title: string;
  hasError: boolean;
  children: ComponentChildren;
}) {
  const [open, setOpen] = useState(hasError);
  useEffect(() => {
    if (hasError) setOpen(true);
  }, [hasError]);
  return (
    <details class="group" id={id} open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>{title}</summary>
      {children}
    </details>
  );
}
