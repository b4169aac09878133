/** The shape of one global entry point (its own module, so custom functions need not import the list). */
export type EntryKind = 'simple_trigger' | 'menu' | 'trigger' | 'sidebar' | 'custom_function';

export interface EntryPoint {
  kind: EntryKind;
  /** Entry points take whatever Apps Script passes (event objects, cell values, sidebar JSON). */
  fn: (...args: never[]) => unknown;
  /** Parameter names for the generated stub. */
  params: readonly string[];
}
