/** Where a report goes (the Run panel's choice, which Save keeps with the report). */
import type { Destination, WriteMode } from '../src/entry/sidebarApi';

export interface DestState {
  kind: Destination['kind'];
  newName: string;
  /** Whether the user typed the new sheet's name (else it follows the report's title). */
  newNameTouched: boolean;
  sheet: string;
  mode: WriteMode;
  chart: boolean;
}

export function destinationOf(d: DestState, title: string): Destination {
  if (d.kind === 'new_sheet')
    return { kind: 'new_sheet', sheetName: (d.newNameTouched ? d.newName : title).trim() || title };
  if (d.kind === 'sheet') return { kind: 'sheet', sheetName: d.sheet };
  return { kind: 'active_cell' };
}
