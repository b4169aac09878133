/** The fake's developer metadata, named ranges, sheet ids, moves and copies follow Google's documented rules. */
import { createWorld, type World } from './index';

type Any = any;

let w: World;
let ss: Any;
let sheet: Any;
beforeEach(() => {
  w = createWorld();
  ss = w.execution({ mode: 'full' }).globals.SpreadsheetApp.getActiveSpreadsheet();
  sheet = ss.getSheetByName('Sheet1');
});

const rowsOf = (key: string) =>
  ss
    .createDeveloperMetadataFinder()
    .withKey(key)
    .find()
    .map((m: Any) => {
      const loc = m.getLocation();
      return loc.getLocationType() === 'ROW' ? loc.getRow().getRow() : loc.getColumn().getColumn();
    });

describe('developer metadata: where it may be attached', () => {
  test('only the spreadsheet, a sheet, or one whole row or column; anything else is refused', () => {
    const refused =
      'Adding developer metadata to arbitrary ranges is not currently supported. Developer metadata may only be added to the top-level spreadsheet, an individual sheet, or an entire row or column.';
    for (const a1 of ['A1', 'B2:D4', 'B6:D6', 'F2:F5', '3:5', 'B:C'])
      expect(() => sheet.getRange(a1).addDeveloperMetadata('k', 'v')).toThrow(refused);
    expect(w.spreadsheet().metadata).toHaveLength(0);
    sheet.getRange('8:8').addDeveloperMetadata('row', 'r8');
    sheet.getRange('G:G').addDeveloperMetadata('col', 'g', SpreadsheetVisibility('PROJECT'));
    sheet.addDeveloperMetadata('sheet', 's');
    ss.addDeveloperMetadata('book');
    // getDeveloperMetadata: exactly that location (a cell in a tagged row has none; a sheet's rows are not the sheet's)
    expect(
      sheet
        .getRange('8:8')
        .getDeveloperMetadata()
        .map((m: Any) => m.getValue()),
    ).toEqual(['r8']);
    expect(sheet.getRange('C8').getDeveloperMetadata()).toEqual([]);
    expect(sheet.getRange('G3').getDeveloperMetadata()).toEqual([]);
    expect(sheet.getDeveloperMetadata().map((m: Any) => m.getKey())).toEqual(['sheet']);
    expect(ss.getDeveloperMetadata().map((m: Any) => [m.getKey(), m.getValue()])).toEqual([['book', null]]);
    const col = sheet.getRange('G:G').getDeveloperMetadata()[0];
    expect(col.getVisibility()).toBe('PROJECT');
    expect(col.getLocation().getLocationType()).toBe('COLUMN');
    expect(col.getLocation().getRow()).toBeNull();
    expect(col.getLocation().getColumn().getColumn()).toBe(7);
    expect(sheet.getRange('8:8').getDeveloperMetadata()[0].getVisibility()).toBe('DOCUMENT');
  });

  test('ids are unique and positive; setValue, setKey and remove work on the stored metadata', () => {
    sheet.getRange('2:2').addDeveloperMetadata('k', 'a');
    sheet.getRange('3:3').addDeveloperMetadata('k', 'b');
    const [a, b] = ss.createDeveloperMetadataFinder().withKey('k').find();
    expect(a.getId()).toBeGreaterThan(0);
    expect(a.getId()).not.toBe(b.getId());
    a.setValue('a2').setKey('k2');
    expect(ss.createDeveloperMetadataFinder().withKey('k2').find()[0].getValue()).toBe('a2');
    b.remove();
    expect(ss.createDeveloperMetadataFinder().withKey('k').find()).toEqual([]);
    expect(() => b.getValue()).toThrow(/No developer metadata/);
  });

  test('finders: spreadsheet (all), sheet (its rows, columns and itself), range (wholly contained, or intersecting)', () => {
    const other = ss.insertSheet('Other');
    sheet.getRange('3:3').addDeveloperMetadata('k', 'row3');
    sheet.getRange('C:C').addDeveloperMetadata('k', 'colC');
    sheet.addDeveloperMetadata('k', 'sheet1');
    other.getRange('3:3').addDeveloperMetadata('k', 'other');
    const values = (f: Any) => f.find().map((m: Any) => m.getValue());
    expect(values(ss.createDeveloperMetadataFinder().withKey('k'))).toEqual(['row3', 'colC', 'sheet1', 'other']);
    expect(values(sheet.createDeveloperMetadataFinder())).toEqual(['row3', 'colC', 'sheet1']);
    // Range scope: row '3:3' is not in the scope of 'A1:D5' but is in '1:5'.
    expect(values(sheet.getRange('A1:D5').createDeveloperMetadataFinder())).toEqual([]);
    expect(values(sheet.getRange('1:5').createDeveloperMetadataFinder())).toEqual(['row3']);
    expect(values(sheet.getRange('A1:D5').createDeveloperMetadataFinder().onIntersectingLocations())).toEqual([
      'row3',
      'colC',
    ]);
    expect(() => ss.createDeveloperMetadataFinder().onIntersectingLocations()).toThrow(/only valid for range/);
    expect(values(ss.createDeveloperMetadataFinder().withLocationType('COLUMN'))).toEqual(['colC']);
    expect(values(ss.createDeveloperMetadataFinder().withValue('other'))).toEqual(['other']);
  });

  test('a custom function may read metadata but not add or change it', () => {
    sheet.getRange('2:2').addDeveloperMetadata('k', 'v');
    const cf: Any = w.execution({ mode: 'custom_function' }).globals.SpreadsheetApp.getActiveSpreadsheet();
    const [m] = cf.createDeveloperMetadataFinder().withKey('k').find();
    expect(m.getValue()).toBe('v');
    expect(() => m.setValue('x')).toThrow(/permission/i);
    expect(() => cf.getSheetByName('Sheet1').getRange('4:4').addDeveloperMetadata('k')).toThrow(/permission/i);
  });
});

describe('developer metadata follows its row or column', () => {
  beforeEach(() => {
    sheet.getRange('5:5').addDeveloperMetadata('r', '5');
    sheet.getRange('D:D').addDeveloperMetadata('c', 'D');
  });

  test('rows inserted above move it down; at or below leave it; columns inserted do not touch row metadata', () => {
    sheet.insertRowsBefore(5, 2); // above row 5 (at its index): the metadata stays with its row, now 7
    expect(rowsOf('r')).toEqual([7]);
    sheet.insertRowsAfter(7, 3); // below: unchanged
    expect(rowsOf('r')).toEqual([7]);
    sheet.insertRowsBefore(1, 1);
    expect(rowsOf('r')).toEqual([8]);
    sheet.insertColumnsBefore(1, 2);
    expect(rowsOf('r')).toEqual([8]);
    expect(rowsOf('c')).toEqual([6]);
    sheet.insertColumnsAfter(6, 1);
    expect(rowsOf('c')).toEqual([6]);
  });

  test('rows deleted above move it up; deleting its own row deletes it', () => {
    sheet.deleteRows(1, 2);
    expect(rowsOf('r')).toEqual([3]);
    sheet.deleteRows(4, 10); // below
    expect(rowsOf('r')).toEqual([3]);
    sheet.deleteRows(2, 3); // rows 2-4 include it
    expect(rowsOf('r')).toEqual([]);
    sheet.deleteColumns(1, 1);
    expect(rowsOf('c')).toEqual([3]);
    sheet.deleteColumn(3);
    expect(rowsOf('c')).toEqual([]);
  });

  test('moveRows / moveColumns carry it with its row', () => {
    sheet.getRange('A5').setValue('five');
    sheet.moveRows(sheet.getRange('A5:A6'), 1); // rows 5-6 to the top
    expect(rowsOf('r')).toEqual([1]);
    expect(sheet.getRange('A1').getValue()).toBe('five');
    sheet.moveRows(sheet.getRange('A1:A2'), 5); // documented example: rows 1-2 to index 5 become rows 3-4
    expect(rowsOf('r')).toEqual([3]);
    expect(sheet.getRange('A3').getValue()).toBe('five');
    sheet.moveColumns(sheet.getRange('D1'), 1);
    expect(rowsOf('c')).toEqual([1]);
  });

  test('a renamed sheet keeps its id and metadata; a deleted sheet takes its metadata with it', () => {
    const id = sheet.getSheetId();
    sheet.setName('Renamed');
    expect(ss.getSheetByName('Renamed').getSheetId()).toBe(id);
    expect(rowsOf('r')).toEqual([5]);
    ss.insertSheet('Keep');
    ss.deleteSheet(ss.getSheetByName('Renamed'));
    expect(ss.createDeveloperMetadataFinder().find()).toEqual([]);
    // A new sheet with the old name is a new sheet: a new id, no metadata.
    const again = ss.insertSheet('Sheet1');
    expect(again.getSheetId()).not.toBe(id);
    expect(again.createDeveloperMetadataFinder().find()).toEqual([]);
  });
});

describe('sheet ids, copies and named ranges', () => {
  test('every sheet id is unique, also after deletes', () => {
    const ids = new Set<number>([sheet.getSheetId()]);
    for (let i = 0; i < 5; i++) {
      const s = ss.insertSheet(`S${i}`);
      ids.add(s.getSheetId());
      if (i % 2) ss.deleteSheet(s);
    }
    expect(ids.size).toBe(6);
  });

  test('copyTo and duplicateActiveSheet: "Copy of …", a new id, the cells, and the metadata under new ids', () => {
    sheet.getRange('B2').setValue('x');
    sheet.getRange('2:2').addDeveloperMetadata('k', 'v');
    const copy = sheet.copyTo(ss);
    expect(copy.getName()).toBe('Copy of Sheet1');
    expect(copy.getSheetId()).not.toBe(sheet.getSheetId());
    expect(copy.getRange('B2').getValue()).toBe('x');
    const [orig, copied] = ss.createDeveloperMetadataFinder().withKey('k').find();
    expect(copied.getId()).not.toBe(orig.getId());
    expect(copied.getLocation().getRow().getSheet().getName()).toBe('Copy of Sheet1');
    copy.getRange('B2').setValue('changed');
    expect(sheet.getRange('B2').getValue()).toBe('x');
    sheet.activate();
    const dup = ss.duplicateActiveSheet();
    expect(dup.getName()).toBe('Copy of Sheet1 2');
    expect(ss.getActiveSheet().getName()).toBe('Copy of Sheet1 2');
    expect(dup.getIndex()).toBe(2);
  });

  test('named ranges: grow with rows inserted inside, move with rows above, stay for rows below, vanish with their sheet', () => {
    ss.setNamedRange('block', sheet.getRange('B3:D6'));
    const a1 = () => ss.getRangeByName('block').getA1Notation();
    sheet.insertRowsBefore(3, 1); // at its first row: the range moves
    expect(a1()).toBe('B4:D7');
    sheet.insertRowsAfter(5, 2); // inside: it grows
    expect(a1()).toBe('B4:D9');
    sheet.insertRowsAfter(9, 2); // after its last row: unchanged
    expect(a1()).toBe('B4:D9');
    sheet.insertColumnsBefore(1, 1);
    expect(a1()).toBe('C4:E9');
    sheet.deleteRows(1, 2);
    expect(a1()).toBe('C2:E7');
    const nr = ss.getNamedRanges()[0];
    expect(nr.getName()).toBe('block');
    nr.setRange(sheet.getRange('A1'));
    expect(a1()).toBe('A1');
    sheet.setName('Renamed');
    expect(ss.getRangeByName('block').getSheet().getName()).toBe('Renamed');
    ss.insertSheet('Other');
    ss.deleteSheet(sheet);
    expect(ss.getRangeByName('block')).toBeNull();
    expect(ss.getNamedRanges()).toEqual([]);
  });
});

function SpreadsheetVisibility(v: string): string {
  return (w.execution({ mode: 'full' }).globals.SpreadsheetApp as Any).DeveloperMetadataVisibility[v];
}
