import { createWorld, type World } from './index';

type Any = any;

function full(w: World): Any {
  return w.execution({ mode: 'full' }).globals;
}

describe('SpreadsheetApp fake: values', () => {
  let w: World;
  let sheet: Any;
  beforeEach(() => {
    w = createWorld();
    sheet = full(w).SpreadsheetApp.getActiveSpreadsheet().getSheetByName('Sheet1');
  });

  test('new world: one spreadsheet, one 1000 x 26 sheet', () => {
    expect(sheet.getMaxRows()).toBe(1000);
    expect(sheet.getMaxColumns()).toBe(26);
    expect(sheet.getLastRow()).toBe(0);
    expect(sheet.getRange('A1').getValue()).toBe('');
  });

  test('R1C1 formulas: read relative to each cell, one R1C1 formula set on a range means the same on every row', () => {
    sheet.getRange('F2').setFormula('=D2/E2 + $B$1 + SUM(D$2:D2) + LOG10(A2) & "A1"');
    expect(sheet.getRange('F2').getFormulaR1C1()).toBe(
      '=R[0]C[-2]/R[0]C[-1] + R1C2 + SUM(R2C[-2]:R[0]C[-2]) + LOG10(R[0]C[-5]) & "A1"'.replace(/R\[0\]/g, 'R'),
    );
    sheet.getRange('F3:F5').setFormulaR1C1(sheet.getRange('F2').getFormulaR1C1());
    expect(sheet.getRange('F3:F5').getFormulas()).toEqual([
      ['=D3/E3 + $B$1 + SUM(D$2:D3) + LOG10(A3) & "A1"'],
      ['=D4/E4 + $B$1 + SUM(D$2:D4) + LOG10(A4) & "A1"'],
      ['=D5/E5 + $B$1 + SUM(D$2:D5) + LOG10(A5) & "A1"'],
    ]);
    sheet.getRange('G2:G3').setFormulasR1C1([['=R[-1]C'], ['=R[-5]C']]);
    expect(sheet.getRange('G2:G3').getFormulas()).toEqual([['=G1'], ['=#REF!']]);
    expect(() => sheet.getRange('G2:G3').setFormulasR1C1([['=RC']])).toThrow(/number of rows/);
  });

  test('coercion: formulas, quotes, numeric strings, booleans, dates, null', () => {
    const d = new Date(Date.UTC(2026, 0, 2));
    sheet.getRange('A1:H1').setValues([['=SUM(B1:C1)', "'0042", '42', '+1', '-3.5', true, d, null]]);
    expect(sheet.getRange('A1:H1').getValues()).toEqual([['', '0042', 42, 1, -3.5, true, d, '']]);
    expect(sheet.getRange('A1:H1').getFormulas()).toEqual([['=SUM(B1:C1)', '', '', '', '', '', '', '']]);
    expect(sheet.getRange('A1').getFormula()).toBe('=SUM(B1:C1)');
    // a cell formatted as text keeps numeric-looking strings
    sheet.getRange('A2').setNumberFormat('@');
    sheet.getRange('A2').setValue('007');
    expect(sheet.getRange('A2').getValue()).toBe('007');
    // other Sheets parsing: percent, TRUE, ISO dates (in the spreadsheet's zone)
    sheet.getRange('A3:C3').setValues([['15%', 'true', '2026-03-01']]);
    const [pct, bool, date] = sheet.getRange('A3:C3').getValues()[0];
    expect(pct).toBeCloseTo(0.15);
    expect(bool).toBe(true);
    expect(date).toBeInstanceOf(Date);
    expect((date as Date).toISOString()).toBe('2026-02-28T23:00:00.000Z');
    expect(sheet.getRange('A3:C3').getDisplayValues()).toEqual([['15%', 'TRUE', '2026-03-01']]);
  });

  test('formula evaluator hook', () => {
    w.formulaEvaluator = (f, cell) => `${f}@${cell.sheetName}!R${cell.row}C${cell.column}`;
    sheet.getRange('B2').setFormula('=1+1');
    expect(sheet.getRange('B2').getValue()).toBe('=1+1@Sheet1!R2C2');
  });

  test('setValues must match the range exactly', () => {
    expect(() => sheet.getRange('A1:B2').setValues([[1, 2]])).toThrow(
      'The number of rows in the data does not match the number of rows in the range. The data has 1 but the range has 2.',
    );
    expect(() => sheet.getRange('A1:B2').setValues([[1, 2], [3]])).toThrow(
      'The number of columns in the data does not match the number of columns in the range. The data has 1 but the range has 2.',
    );
    expect(() => sheet.getRange('A1:B2').setValues([1, 2] as Any)).toThrow(/don't match the method signature/);
    expect(sheet.getRange('A1:B2').getValues()).toEqual([
      ['', ''],
      ['', ''],
    ]);
  });

  test('ranges beyond the grid throw; insertRows grows it', () => {
    expect(() => sheet.getRange(1001, 1)).toThrow(
      'The coordinates of the range are outside the dimensions of the sheet.',
    );
    expect(() => sheet.getRange(1, 27)).toThrow(
      'The coordinates of the range are outside the dimensions of the sheet.',
    );
    expect(() => sheet.getRange(0, 1)).toThrow('The starting row of the range is too small.');
    expect(() => sheet.getRange('Nope!A1')).toThrow('Range not found');
    expect(() => sheet.getRange('not a range')).toThrow('Range not found');
    expect(() => sheet.getRange(1.5, 1)).toThrow(/Cannot convert/);
    sheet.insertRowsAfter(1000, 500);
    expect(sheet.getMaxRows()).toBe(1500);
    expect(sheet.getRange(1500, 1).getA1Notation()).toBe('A1500');
  });

  test('A1 forms', () => {
    expect(sheet.getRange('B2:C3').getNumRows()).toBe(2);
    expect(sheet.getRange('A:B').getNumRows()).toBe(1000);
    expect(sheet.getRange('2:3').getNumColumns()).toBe(26);
    expect(sheet.getRange('A2:B').getLastRow()).toBe(1000);
    const ss = full(w).SpreadsheetApp.getActiveSpreadsheet();
    ss.insertSheet('My Data');
    expect(ss.getRange("'My Data'!B2:C3").getSheet().getName()).toBe('My Data');
    expect(ss.getRange('Sheet1!A1').getA1Notation()).toBe('A1');
  });

  test('cell limits: 50,000 characters, 10,000,000 cells, 18,278 columns', () => {
    expect(() => sheet.getRange('A1').setValue('x'.repeat(50_001))).toThrow(
      'Your input contains more than the maximum of 50000 characters in a single cell.',
    );
    sheet.getRange('A1').setValue('x'.repeat(50_000));
    // 26 columns: 10,000,000 / 26 = 384,615 rows at most
    expect(() => sheet.insertRowsAfter(1000, 384_000)).toThrow(
      'This action would increase the number of cells in the workbook above the limit of 10000000 cells.',
    );
    sheet.insertRowsAfter(1000, 383_000);
    expect(() => full(w).SpreadsheetApp.getActiveSpreadsheet().insertSheet('More')).toThrow(
      /above the limit of 10000000 cells/,
    );
    const w2 = createWorld();
    const s2 = full(w2).SpreadsheetApp.getActiveSpreadsheet().getSheets()[0];
    expect(() => s2.insertColumnsAfter(26, 18_278)).toThrow(/18278/);
  });

  // How fast is for bench/ (BENCHMARKS.md); here: one call, whatever the size.
  test('100,000 x 6 write is counted as one setValues', () => {
    sheet.insertRowsAfter(1000, 99_000);
    w.resetCalls();
    const rows = Array.from({ length: 100_000 }, (_, i) => [i, `name ${i}`, i / 3, i % 2 === 0, 'x', '']);
    sheet.getRange(1, 1, 100_000, 6).setValues(rows);
    expect(w.calls.byMethod.setValues).toBe(1);
    expect(w.calls.byQualified['Range.setValues']).toBe(1);
    expect(w.calls.total).toBe(2); // getRange + setValues
    expect(sheet.getLastRow()).toBe(100_000);
    expect(sheet.getLastColumn()).toBe(5);
  });

  test('clear, formats, notes, frozen rows, snapshot', () => {
    const r = sheet.getRange('A1:B2');
    r.setValues([
      [1, 2],
      [3, 4],
    ])
      .setFontWeight('bold')
      .setNumberFormat('0.00')
      .setBackground('#ff0000');
    sheet.getRange('A1').setNote('hello');
    sheet.setFrozenRows(1);
    expect(r.getDisplayValues()).toEqual([
      ['1.00', '2.00'],
      ['3.00', '4.00'],
    ]);
    expect(r.getFontWeights()).toEqual([
      ['bold', 'bold'],
      ['bold', 'bold'],
    ]);
    expect(() => r.setFontWeight('heavy')).toThrow();
    const snap = w.sheetSnapshot(w.firstSpreadsheetId, 'Sheet1');
    expect(snap.values).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(snap.notes).toEqual([
      ['hello', ''],
      ['', ''],
    ]);
    expect(snap.frozenRows).toBe(1);
    r.clearContent();
    expect(r.getValues()).toEqual([
      ['', ''],
      ['', ''],
    ]);
    expect(r.getNumberFormat()).toBe('0.00');
    r.clear();
    expect(r.getNumberFormat()).toBe('General');
    expect(sheet.getRange('A1').getNote()).toBe('hello');
    expect(w.sheetSnapshot(w.firstSpreadsheetId, 'Sheet1')).not.toEqual(snap);
  });

  test('insert and delete rows move data and named ranges', () => {
    const ss = full(w).SpreadsheetApp.getActiveSpreadsheet();
    sheet.getRange('A1:A3').setValues([[1], [2], [3]]);
    ss.setNamedRange('data', sheet.getRange('A2:A3'));
    sheet.insertRowsBefore(2, 2);
    expect(sheet.getRange('A1:A5').getValues()).toEqual([[1], [''], [''], [2], [3]]);
    expect(ss.getRangeByName('data').getA1Notation()).toBe('A4:A5');
    sheet.deleteRows(2, 2);
    expect(sheet.getRange('A1:A3').getValues()).toEqual([[1], [2], [3]]);
    expect(sheet.getMaxRows()).toBe(1000);
    expect(() => sheet.deleteRows(999, 5)).toThrow('Those rows are out of bounds.');
  });

  test('sheets: insert, names, delete, active sheet', () => {
    const ss = full(w).SpreadsheetApp.getActiveSpreadsheet();
    const s2 = ss.insertSheet('Report');
    expect(ss.getActiveSheet().getName()).toBe('Report');
    expect(() => ss.insertSheet('report')).toThrow(
      'A sheet with the name "report" already exists. Please enter another name.',
    );
    expect(ss.getSheets().map((s: Any) => s.getName())).toEqual(['Sheet1', 'Report']);
    expect(s2.getIndex()).toBe(2);
    expect(ss.insertSheet().getName()).toBe('Sheet3');
    ss.deleteSheet(s2);
    expect(ss.getSheetByName('Report')).toBeNull();
    ss.deleteSheet(ss.getSheetByName('Sheet3'));
    expect(() => ss.deleteSheet(ss.getSheets()[0])).toThrow(/can't remove all the visible sheets/);
  });

  test('charts: build, insert, modify, update, remove', () => {
    const g = full(w);
    sheet.getRange('A1:B3').setValues([
      ['d', 'v'],
      ['a', 1],
      ['b', 2],
    ]);
    const chart = sheet
      .newChart()
      .setChartType(g.Charts.ChartType.LINE)
      .addRange(sheet.getRange('A1:B3'))
      .setPosition(5, 5, 0, 0)
      .setOption('title', 'Revenue')
      .setNumHeaders(1)
      .build();
    expect(chart.getChartId()).toBeNull();
    sheet.insertChart(chart);
    const [c] = sheet.getCharts();
    expect(c.getChartId()).toEqual(expect.any(Number));
    expect(c.getOptions().get('title')).toBe('Revenue');
    expect(c.getRanges()[0].getA1Notation()).toBe('A1:B3');
    sheet.updateChart(c.modify().setOption('title', 'MRR').build());
    expect(sheet.getCharts()[0].getOptions().get('title')).toBe('MRR');
    expect(sheet.getCharts()).toHaveLength(1);
    // A nested option is kept as set and replaced whole on modify; the caller's object is not the chart's.
    const series: Record<number, object> = { 0: { lineDashStyle: [4, 4] } };
    sheet.updateChart(sheet.getCharts()[0].modify().setOption('series', series).build());
    series[1] = { color: 'red' };
    expect(sheet.getCharts()[0].getOptions().get('series')).toEqual({ 0: { lineDashStyle: [4, 4] } });
    sheet.updateChart(sheet.getCharts()[0].modify().setOption('series', {}).build());
    expect(sheet.getCharts()[0].getOptions().get('series')).toEqual({});
    expect(sheet.getCharts()[0].getOptions().get('title')).toBe('MRR');
    expect(sheet.getCharts()[0].getOptions().get('colors')).toBeNull();
    sheet.removeChart(sheet.getCharts()[0]);
    expect(sheet.getCharts()).toHaveLength(0);
    expect(() => sheet.newChart().addRange(sheet.getRange('A1')).build()).toThrow(/chart type/);
  });

  test('conditional format rules', () => {
    const g = full(w);
    const rule = g.SpreadsheetApp.newConditionalFormatRule()
      .setGradientMinpoint('#ffffff')
      .setGradientMaxpointWithValue('#00ff00', g.SpreadsheetApp.InterpolationType.PERCENT, '90')
      .setRanges([sheet.getRange('B2:D10')])
      .build();
    const rule2 = g.SpreadsheetApp.newConditionalFormatRule()
      .whenNumberGreaterThan(5)
      .setBackground('#ff0000')
      .setRanges([sheet.getRange('A1')])
      .build();
    sheet.setConditionalFormatRules([rule, rule2]);
    const rules = sheet.getConditionalFormatRules();
    expect(rules).toHaveLength(2);
    expect(rules[0].getGradientCondition().getMaxType()).toBe('PERCENT');
    expect(rules[0].getRanges()[0].getA1Notation()).toBe('B2:D10');
    expect(rules[1].getBooleanCondition().getCriteriaType()).toBe('NUMBER_GREATER_THAN');
    expect(() =>
      g.SpreadsheetApp.newConditionalFormatRule()
        .setRanges([sheet.getRange('A1')])
        .build(),
    ).toThrow();
  });

  test('text finder', () => {
    sheet.getRange('A1:B2').setValues([
      ['apple', 'Banana'],
      ['=X()', 'pineapple'],
    ]);
    expect(
      sheet
        .createTextFinder('apple')
        .findAll()
        .map((r: Any) => r.getA1Notation()),
    ).toEqual(['A1', 'B2']);
    expect(sheet.createTextFinder('apple').matchEntireCell(true).findAll()).toHaveLength(1);
    expect(sheet.createTextFinder('X\\(').useRegularExpression(true).matchFormulaText(true).findAll()).toHaveLength(1);
  });

  test('appendRow grows the sheet', () => {
    sheet.getRange(1000, 1).setValue('last');
    sheet.appendRow(['x', 2]);
    expect(sheet.getMaxRows()).toBe(1001);
    expect(sheet.getRange('A1001:B1001').getValues()).toEqual([['x', 2]]);
  });

  test('toast, getOwner, time zone', () => {
    const ss = full(w).SpreadsheetApp.getActiveSpreadsheet();
    ss.toast('Done', 'Adapty', 3);
    expect(w.ui.toasts[0]).toMatchObject({ message: 'Done', title: 'Adapty', timeoutSeconds: 3 });
    expect(ss.getOwner().getEmail()).toBe('owner@example.com');
    expect(ss.getSpreadsheetTimeZone()).toBe('Europe/Berlin');
    expect(() => ss.setSpreadsheetTimeZone('Mars/Olympus')).toThrow();
  });
});

describe('SpreadsheetApp fake: modes', () => {
  test('chained calls stay wrapped (counted and checked)', () => {
    const w = createWorld();
    const sheet = full(w).SpreadsheetApp.getActiveSpreadsheet().getSheets()[0];
    w.resetCalls();
    const r = sheet.getRange('A1').setValue(1).setFontWeight('bold').setNote('n');
    expect(r.getValue()).toBe(1);
    expect(r._s).toBeUndefined();
    expect(w.calls.total).toBe(5);
    const cf: Any = w.execution('custom_function').globals;
    const ro = cf.SpreadsheetApp.getActiveSpreadsheet().getSheets()[0].getRange('A1');
    expect(() => ro.offset(0, 0).setValue(2)).toThrow(/permission/);
  });

  test('custom_function: read-only, no openById, no getUi', () => {
    const w = createWorld();
    full(w).SpreadsheetApp.getActiveSpreadsheet().getSheets()[0].getRange('A1').setValue(7);
    const g: Any = w.execution({ mode: 'custom_function' }).globals;
    const ss = g.SpreadsheetApp.getActiveSpreadsheet();
    const sheet = ss.getSheets()[0];
    expect(sheet.getRange('A1').getValue()).toBe(7);
    expect(() => sheet.getRange('A1').setValue(1)).toThrow('You do not have permission to call setValue');
    expect(() => sheet.getRange('A1').setValues([[1]])).toThrow('You do not have permission to call setValues');
    expect(() => sheet.insertRowsAfter(1, 1)).toThrow('You do not have permission to call insertRowsAfter');
    expect(() => sheet.clear()).toThrow('You do not have permission to call clear');
    expect(() => ss.deleteSheet(sheet)).toThrow('You do not have permission to call deleteSheet');
    expect(() => ss.insertSheet('x')).toThrow('You do not have permission to call insertSheet');
    expect(() => g.SpreadsheetApp.openById(w.firstSpreadsheetId)).toThrow(
      'You do not have permission to call SpreadsheetApp.openById',
    );
    expect(() => g.SpreadsheetApp.getUi()).toThrow('You do not have permission to call SpreadsheetApp.getUi');
    expect(() => ss.toast('x')).toThrow(/permission/);
  });

  test("trigger: the add-on trigger's own document is the active one, no Ui; openById only with the full scope", () => {
    const w = createWorld();
    const g: Any = w.execution({ mode: 'trigger' }).globals;
    expect(() => g.SpreadsheetApp.getUi()).toThrow('Cannot call SpreadsheetApp.getUi() from this context.');
    g.SpreadsheetApp.getActiveSpreadsheet().getSheets()[0].getRange('A1').setValue('from trigger');
    expect(w.sheetSnapshot().values[0][0]).toBe('from trigger');
    expect(() => g.SpreadsheetApp.openById(w.firstSpreadsheetId)).toThrow(
      /Required permissions: .*\/auth\/spreadsheets$/,
    );
    w.setGrantedScopes(w.options.owner, [
      ...w.grantedScopes(w.options.owner),
      'https://www.googleapis.com/auth/spreadsheets',
    ]);
    const h: Any = w.execution({ mode: 'trigger' }).globals;
    expect(h.SpreadsheetApp.openById(w.firstSpreadsheetId).getId()).toBe(w.firstSpreadsheetId);
    expect(() => h.SpreadsheetApp.openById('missing')).toThrow(/openById/);
  });

  test('none: only the add-on menu works', () => {
    const w = createWorld();
    const g: Any = w.execution({ mode: 'none' }).globals;
    g.SpreadsheetApp.getUi().createAddonMenu().addItem('Open', 'showSidebar').addSeparator().addToUi();
    expect(w.ui.menus[0]).toMatchObject({
      addon: true,
      items: [{ caption: 'Open', functionName: 'showSidebar' }, { separator: true }],
    });
    expect(() => g.SpreadsheetApp.getActiveSpreadsheet()).toThrow(
      'You do not have permission to call SpreadsheetApp.getActiveSpreadsheet',
    );
    expect(() => g.PropertiesService.getUserProperties()).toThrow(/permission/);
    expect(() => g.SpreadsheetApp.getUi().showSidebar(null)).toThrow(/permission/);
  });

  test('limited: read the document, no writes, no sidebar', () => {
    const w = createWorld({ files: { sidebar: '<p>x</p>' } });
    const g: Any = w.execution({ mode: 'limited' }).globals;
    const sheet = g.SpreadsheetApp.getActiveSpreadsheet().getSheets()[0];
    expect(sheet.getRange('A1').getValue()).toBe('');
    expect(() => sheet.getRange('A1').setValue(1)).toThrow(/permission/);
    g.SpreadsheetApp.getUi().createMenu('Adapty').addItem('a', 'b').addToUi();
    const out = g.HtmlService.createHtmlOutputFromFile('sidebar');
    expect(() => g.SpreadsheetApp.getUi().showSidebar(out)).toThrow('You do not have permission to call showSidebar');
  });

  test('full: sidebar and alerts are recorded', () => {
    const w = createWorld({ files: { sidebar: '<p>hi</p>' } });
    const g: Any = full(w);
    const ui = g.SpreadsheetApp.getUi();
    ui.showSidebar(g.HtmlService.createHtmlOutputFromFile('sidebar').setTitle('Adapty'));
    expect(w.ui.sidebars[0]).toMatchObject({ title: 'Adapty', html: '<p>hi</p>', width: 300 });
    w.ui.alertResponses.push('NO');
    expect(ui.alert('Sure?', 'Really?', ui.ButtonSet.YES_NO)).toBe(ui.Button.NO);
    expect(ui.alert('Plain')).toBe(ui.Button.OK);
    expect(w.ui.alerts.map((a) => a.prompt)).toEqual(['Really?', 'Plain']);
  });
});
