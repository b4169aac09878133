/** Small helpers shared by the Apps Script fakes (host side). */

/** Error thrown by a fake service. `name` is 'Exception' like Apps Script's service errors. */
export function serviceError(message: string): Error {
  const e = new Error(message);
  e.name = 'Exception';
  return e;
}

export function permissionError(what: string): Error {
  return serviceError(`You do not have permission to call ${what}`);
}

/** Cross-realm safe type tests (values may come from the vm context's realm). */
export function isDate(v: unknown): v is Date {
  return Object.prototype.toString.call(v) === '[object Date]';
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  if (Object.prototype.toString.call(v) !== '[object Object]') return false;
  const proto = Object.getPrototypeOf(v);
  return proto === null || Object.getPrototypeOf(proto) === null; // any realm's Object.prototype
}

export function utf8Length(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

/** Java-style signed bytes (-128..127). */
export function toSignedBytes(buf: Uint8Array): number[] {
  const out = new Array<number>(buf.length);
  for (let i = 0; i < buf.length; i++) out[i] = buf[i] > 127 ? buf[i] - 256 : buf[i];
  return out;
}

/** Accepts a string (encoded with `charset`) or a byte array (signed or unsigned). */
export function toBuffer(data: unknown, charset?: string): Buffer {
  if (typeof data === 'string') {
    return Buffer.from(data, charset === 'US_ASCII' ? 'latin1' : 'utf8');
  }
  if (Array.isArray(data)) {
    const b = Buffer.alloc(data.length);
    for (let i = 0; i < data.length; i++) b[i] = Number(data[i]) & 0xff;
    return b;
  }
  if (data instanceof Uint8Array) return Buffer.from(data);
  if (data && typeof (data as { getBytes?: unknown }).getBytes === 'function') {
    return toBuffer((data as { getBytes(): number[] }).getBytes());
  }
  return Buffer.from(String(data), 'utf8');
}

/** Shallow description of an argument's type, for "parameters don't match" messages. */
export function describeType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) {
    if (v.length && Array.isArray(v[0])) return 'Object[][]';
    return typeof v[0] === 'number' ? 'number[]' : typeof v[0] === 'string' ? 'String[]' : 'Object[]';
  }
  if (typeof v === 'string') return 'String';
  if (typeof v === 'number') return 'number';
  if (typeof v === 'boolean') return 'Boolean';
  if (v === undefined) return 'undefined';
  return 'Object';
}
