/** `SpreadsheetApp.getUi()`: menus, sidebars, dialogs, alerts, prompts, toasts (recorded in `world.ui`). */
import { HtmlOutputImpl } from './html';
import { UiButton, UiButtonSet } from './spreadsheet-enums';
import { serviceError } from './util';
import type { Execution } from './execution';

type X = Execution;

class MenuImpl {
  _items: unknown[] = [];
  constructor(
    private _x: X,
    public _caption: string | null,
    private _addon: boolean,
  ) {}
  addItem(caption: unknown, functionName: unknown): this {
    if (typeof caption !== 'string' || !caption) throw serviceError('Invalid argument: caption');
    if (typeof functionName !== 'string' || !functionName) throw serviceError('Invalid argument: functionName');
    this._items.push({ caption, functionName });
    return this;
  }
  addSeparator(): this {
    this._items.push({ separator: true });
    return this;
  }
  addSubMenu(menu: unknown): this {
    const m = this._x.unwrap(menu);
    if (!(m instanceof MenuImpl)) throw serviceError('Invalid argument: menu');
    this._items.push({ subMenu: m._snapshot() });
    return this;
  }
  _snapshot(): { caption: string | null; addon: boolean; items: unknown[] } {
    return { caption: this._caption, addon: this._addon, items: JSON.parse(JSON.stringify(this._items)) };
  }
  addToUi(): void {
    const w = this._x.world;
    w.ui.menus.push({
      ...this._snapshot(),
      user: this._x.user,
      spreadsheetId: this._x.spreadsheetId,
      executionId: this._x.id,
    });
  }
}

export class UiImpl {
  Button = UiButton;
  ButtonSet = UiButtonSet;
  constructor(private _x: X) {}
  createAddonMenu(): unknown {
    return this._x.wrap('Menu', new MenuImpl(this._x, null, true));
  }
  createMenu(caption: unknown): unknown {
    if (typeof caption !== 'string' || !caption) throw serviceError('Invalid argument: caption');
    return this._x.wrap('Menu', new MenuImpl(this._x, caption, false));
  }
  private _output(o: unknown): HtmlOutputImpl {
    const out = this._x.unwrap(o);
    if (!(out instanceof HtmlOutputImpl)) throw serviceError('Invalid argument: userInterface');
    return out;
  }
  showSidebar(o: unknown): void {
    const out = this._output(o);
    this._x.world.ui.sidebars.push({
      title: out._title,
      html: out._content,
      width: 300,
      user: this._x.user,
      executionId: this._x.id,
      virtualTime: this._x.world.clock.now(),
    });
  }
  showModalDialog(o: unknown, title: unknown): void {
    const out = this._output(o);
    this._x.world.ui.dialogs.push({
      title: String(title),
      html: out._content,
      width: out._width,
      height: out._height,
      modal: true,
      user: this._x.user,
    });
  }
  showModelessDialog(o: unknown, title: unknown): void {
    const out = this._output(o);
    this._x.world.ui.dialogs.push({
      title: String(title),
      html: out._content,
      width: out._width,
      height: out._height,
      modal: false,
      user: this._x.user,
    });
  }
  private _args(args: unknown[]): { title: string; prompt: string; buttons: string } {
    const isSet = (v: unknown) => typeof v === 'string' && v in UiButtonSet;
    if (args.length >= 3) return { title: String(args[0]), prompt: String(args[1]), buttons: String(args[2]) };
    if (args.length === 2 && isSet(args[1])) return { title: '', prompt: String(args[0]), buttons: String(args[1]) };
    if (args.length === 2) return { title: String(args[0]), prompt: String(args[1]), buttons: 'OK' };
    return { title: '', prompt: String(args[0] ?? ''), buttons: 'OK' };
  }
  alert(...args: unknown[]): string {
    const a = this._args(args);
    this._x.world.ui.alerts.push({ ...a, user: this._x.user });
    const next = this._x.world.ui.alertResponses.shift();
    return next ?? (a.buttons.startsWith('YES') ? UiButton.YES : UiButton.OK);
  }
  prompt(...args: unknown[]): unknown {
    const a = this._args(args);
    this._x.world.ui.prompts.push({ ...a, user: this._x.user });
    const next = this._x.world.ui.promptResponses.shift() ?? {
      button: a.buttons.startsWith('YES') ? UiButton.YES : UiButton.OK,
      text: '',
    };
    return this._x.wrap('PromptResponse', {
      getResponseText: () => next.text,
      getSelectedButton: () => next.button,
    });
  }
}
