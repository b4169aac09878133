/** Conditional-format rules and their builder. */
import { InterpolationType } from './spreadsheet-enums';
import { rectOfRange, mkRangeFromRect } from './spreadsheet-helpers';
import { type CfRuleData, type GradientPoint, type SpreadsheetData, copyCfRule, copyRect } from './spreadsheet-model';
import { describeType, isDate, serviceError } from './util';
import type { Execution } from './execution';

type X = Execution;

function colorObject(color: string | undefined) {
  return color === undefined ? null : { asRgbColor: () => ({ asHexString: () => color }), getColorType: () => 'RGB' };
}

export class CfRuleBuilderImpl {
  constructor(
    private _x: X,
    public _d: CfRuleData,
  ) {}
  private _point(which: 'min' | 'mid' | 'max', color: unknown, type: string, value: unknown): this {
    if (this._d.boolean) throw serviceError('A rule can have either a gradient or a boolean condition, not both.');
    this._d.gradient = this._d.gradient ?? {};
    const p: GradientPoint = {
      color: String(color),
      type,
      value: value === undefined || value === null ? '' : String(value),
    };
    this._d.gradient[which] = p;
    return this;
  }
  setGradientMinpoint(color: unknown): this {
    return this._point('min', color, InterpolationType.MIN, '');
  }
  setGradientMaxpoint(color: unknown): this {
    return this._point('max', color, InterpolationType.MAX, '');
  }
  setGradientMinpointWithValue(color: unknown, type: unknown, value: unknown): this {
    return this._point('min', color, String(type), value);
  }
  setGradientMidpointWithValue(color: unknown, type: unknown, value: unknown): this {
    return this._point('mid', color, String(type), value);
  }
  setGradientMaxpointWithValue(color: unknown, type: unknown, value: unknown): this {
    return this._point('max', color, String(type), value);
  }
  setRanges(ranges: unknown): this {
    if (!Array.isArray(ranges))
      throw serviceError(
        `The parameters (${describeType(ranges)}) don't match the method signature for SpreadsheetApp.ConditionalFormatRuleBuilder.setRanges.`,
      );
    this._d.ranges = ranges.map((r) => rectOfRange(this._x, r).rect);
    return this;
  }
  getRanges(): unknown[] {
    return this._d.ranges.map((r) => {
      const ss = [...this._x.world.spreadsheets.values()].find((d) => d.sheetById(r.sheetId));
      return ss ? mkRangeFromRect(this._x, ss, r) : null;
    });
  }
  private _when(criteria: string, ...values: unknown[]): this {
    if (this._d.gradient) throw serviceError('A rule can have either a gradient or a boolean condition, not both.');
    this._d.boolean = {
      ...(this._d.boolean ?? {}),
      criteria,
      values: values.map((v) => (isDate(v) ? v.getTime() : v)),
    };
    return this;
  }
  whenCellEmpty(): this {
    return this._when('CELL_EMPTY');
  }
  whenCellNotEmpty(): this {
    return this._when('CELL_NOT_EMPTY');
  }
  whenNumberGreaterThan(n: unknown): this {
    return this._when('NUMBER_GREATER_THAN', Number(n));
  }
  whenNumberGreaterThanOrEqualTo(n: unknown): this {
    return this._when('NUMBER_GREATER_THAN_OR_EQUAL_TO', Number(n));
  }
  whenNumberLessThan(n: unknown): this {
    return this._when('NUMBER_LESS_THAN', Number(n));
  }
  whenNumberLessThanOrEqualTo(n: unknown): this {
    return this._when('NUMBER_LESS_THAN_OR_EQUAL_TO', Number(n));
  }
  whenNumberBetween(a: unknown, b: unknown): this {
    return this._when('NUMBER_BETWEEN', Number(a), Number(b));
  }
  whenNumberNotBetween(a: unknown, b: unknown): this {
    return this._when('NUMBER_NOT_BETWEEN', Number(a), Number(b));
  }
  whenNumberEqualTo(n: unknown): this {
    return this._when('NUMBER_EQUAL_TO', Number(n));
  }
  whenNumberNotEqualTo(n: unknown): this {
    return this._when('NUMBER_NOT_EQUAL_TO', Number(n));
  }
  whenTextContains(t: unknown): this {
    return this._when('TEXT_CONTAINS', String(t));
  }
  whenTextDoesNotContain(t: unknown): this {
    return this._when('TEXT_DOES_NOT_CONTAIN', String(t));
  }
  whenTextEqualTo(t: unknown): this {
    return this._when('TEXT_EQUAL_TO', String(t));
  }
  whenTextStartsWith(t: unknown): this {
    return this._when('TEXT_STARTS_WITH', String(t));
  }
  whenTextEndsWith(t: unknown): this {
    return this._when('TEXT_ENDS_WITH', String(t));
  }
  whenFormulaSatisfied(f: unknown): this {
    return this._when('CUSTOM_FORMULA', String(f));
  }
  whenDateAfter(d: unknown): this {
    return this._when('DATE_AFTER', d);
  }
  whenDateBefore(d: unknown): this {
    return this._when('DATE_BEFORE', d);
  }
  private _fmt(key: 'background' | 'fontColor' | 'bold' | 'italic' | 'strikethrough' | 'underline', v: unknown): this {
    if (this._d.gradient) throw serviceError('A gradient rule cannot set a format.');
    this._d.boolean = this._d.boolean ?? { criteria: '', values: [] };
    (this._d.boolean as Record<string, unknown>)[key] = v === null || v === undefined ? null : v;
    return this;
  }
  setBackground(c: unknown): this {
    return this._fmt('background', c === null ? null : String(c));
  }
  setFontColor(c: unknown): this {
    return this._fmt('fontColor', c === null ? null : String(c));
  }
  setBold(b: unknown): this {
    return this._fmt('bold', b === null ? null : !!b);
  }
  setItalic(b: unknown): this {
    return this._fmt('italic', b === null ? null : !!b);
  }
  setStrikethrough(b: unknown): this {
    return this._fmt('strikethrough', b === null ? null : !!b);
  }
  setUnderline(b: unknown): this {
    return this._fmt('underline', b === null ? null : !!b);
  }
  build(): unknown {
    const d = this._d;
    if (d.gradient) {
      if (!d.gradient.min || !d.gradient.max) throw serviceError('A gradient rule needs a minpoint and a maxpoint.');
    } else if (!d.boolean || !d.boolean.criteria) {
      throw serviceError('The rule needs a condition (a gradient or a boolean criterion).');
    }
    return this._x.wrap('ConditionalFormatRule', new CfRuleImpl(this._x, null, copyCfRule(d)));
  }
}

export class CfRuleImpl {
  constructor(
    private _x: X,
    private _ss: SpreadsheetData | null,
    public _d: CfRuleData,
  ) {}
  getRanges(): unknown[] {
    return this._d.ranges.map((r) => {
      const ss = this._ss ?? [...this._x.world.spreadsheets.values()].find((d) => d.sheetById(r.sheetId));
      return ss ? mkRangeFromRect(this._x, ss, copyRect(r)) : null;
    });
  }
  getGradientCondition(): unknown {
    const g = this._d.gradient;
    if (!g) return null;
    return this._x.wrap('GradientCondition', {
      getMinColorObject: () => colorObject(g.min?.color),
      getMinType: () => g.min?.type ?? null,
      getMinValue: () => g.min?.value ?? '',
      getMidColorObject: () => colorObject(g.mid?.color),
      getMidType: () => g.mid?.type ?? null,
      getMidValue: () => g.mid?.value ?? '',
      getMaxColorObject: () => colorObject(g.max?.color),
      getMaxType: () => g.max?.type ?? null,
      getMaxValue: () => g.max?.value ?? '',
      getMinColor: () => g.min?.color ?? null,
      getMidColor: () => g.mid?.color ?? null,
      getMaxColor: () => g.max?.color ?? null,
    });
  }
  getBooleanCondition(): unknown {
    const b = this._d.boolean;
    if (!b) return null;
    return this._x.wrap('BooleanCondition', {
      getCriteriaType: () => b.criteria,
      getCriteriaValues: () => [...b.values],
      getBackground: () => b.background ?? null,
      getBackgroundObject: () => colorObject(b.background ?? undefined),
      getFontColor: () => b.fontColor ?? null,
      getFontColorObject: () => colorObject(b.fontColor ?? undefined),
      getBold: () => b.bold ?? null,
      getItalic: () => b.italic ?? null,
      getStrikethrough: () => b.strikethrough ?? null,
      getUnderline: () => b.underline ?? null,
    });
  }
  copy(): unknown {
    return this._x.wrap('ConditionalFormatRuleBuilder', new CfRuleBuilderImpl(this._x, copyCfRule(this._d)));
  }
}
