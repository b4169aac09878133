/** HtmlService fake: outputs from the World's files; minimal templates (<?= name ?>, <?!= name ?>). */
import type { Execution } from './execution';
import { serviceError } from './util';

export const SandboxMode = { EMULATED: 'EMULATED', IFRAME: 'IFRAME', NATIVE: 'NATIVE' } as const;
export const XFrameOptionsMode = { ALLOWALL: 'ALLOWALL', DEFAULT: 'DEFAULT' } as const;

export class HtmlOutputImpl {
  _title = '';
  _width = 300;
  _height = 600;
  _sandbox = 'IFRAME';
  _xframe = 'DEFAULT';
  _meta: { name: string; content: string }[] = [];
  constructor(public _content: string) {}
  getContent(): string {
    return this._content;
  }
  setContent(c: string): this {
    this._content = String(c);
    return this;
  }
  append(c: string): this {
    this._content += String(c);
    return this;
  }
  appendUntrusted(c: string): this {
    this._content += String(c).replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
    return this;
  }
  clear(): this {
    this._content = '';
    return this;
  }
  setTitle(t: string): this {
    this._title = String(t);
    return this;
  }
  getTitle(): string {
    return this._title;
  }
  setWidth(w: number): this {
    this._width = Number(w);
    return this;
  }
  getWidth(): number {
    return this._width;
  }
  setHeight(h: number): this {
    this._height = Number(h);
    return this;
  }
  getHeight(): number {
    return this._height;
  }
  setSandboxMode(m: string): this {
    this._sandbox = String(m);
    return this;
  }
  setXFrameOptionsMode(m: string): this {
    this._xframe = String(m);
    return this;
  }
  addMetaTag(name: string, content: string): this {
    this._meta.push({ name: String(name), content: String(content) });
    return this;
  }
  setFaviconUrl(): this {
    return this;
  }
}

const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] as string,
  );

export class HtmlTemplateImpl {
  [key: string]: unknown;
  constructor(
    private _source: string,
    private _x: Execution,
  ) {}
  getRawContent(): string {
    return this._source;
  }
  evaluate(): unknown {
    const out = this._source.replace(/<\?(!?=)?([\s\S]*?)\?>/g, (_m, kind: string | undefined, body: string) => {
      const expr = body.trim();
      if (!kind)
        throw serviceError('Unsupported scriptlet in this fake: only <?= name ?> and <?!= name ?> are supported.');
      if (!/^[A-Za-z_$][\w$]*$/.test(expr)) throw serviceError(`Unsupported template expression in this fake: ${expr}`);
      const v = this[expr];
      const s = v === undefined || v === null ? '' : String(v);
      return kind === '=' ? escapeHtml(s) : s;
    });
    return this._x.wrap('HtmlOutput', new HtmlOutputImpl(out));
  }
}

export function createHtmlService(x: Execution): GoogleAppsScript.HTML.HtmlService {
  const files = x.world.options.files;
  const file = (name: unknown): string => {
    const n = String(name).replace(/\.html$/, '');
    if (!Object.prototype.hasOwnProperty.call(files, n)) throw serviceError(`No HTML file named ${n} was found.`);
    return files[n];
  };
  const svc = {
    SandboxMode,
    XFrameOptionsMode,
    createHtmlOutput(html?: unknown) {
      return x.wrap('HtmlOutput', new HtmlOutputImpl(html === undefined ? '' : String(html)));
    },
    createHtmlOutputFromFile(name: unknown) {
      return x.wrap('HtmlOutput', new HtmlOutputImpl(file(name)));
    },
    createTemplate(html: unknown) {
      return x.wrap('HtmlTemplate', new HtmlTemplateImpl(String(html), x));
    },
    createTemplateFromFile(name: unknown) {
      return x.wrap('HtmlTemplate', new HtmlTemplateImpl(file(name), x));
    },
  };
  return x.wrap('HtmlService', svc) as unknown as GoogleAppsScript.HTML.HtmlService;
}
