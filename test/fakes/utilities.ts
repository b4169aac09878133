/** Utilities fake: sleep on the virtual clock, Java-style formatDate, signed-byte digests, base64, CSV. */
import { createHash, createHmac, randomUUID } from 'crypto';
import type { Execution } from './execution';
import { formatJavaDate } from './format';
import { isDate, serviceError, toBuffer, toSignedBytes } from './util';

export const DigestAlgorithm = {
  MD2: 'MD2',
  MD5: 'MD5',
  SHA_1: 'SHA_1',
  SHA_256: 'SHA_256',
  SHA_384: 'SHA_384',
  SHA_512: 'SHA_512',
} as const;
export const MacAlgorithm = {
  HMAC_MD5: 'HMAC_MD5',
  HMAC_SHA_1: 'HMAC_SHA_1',
  HMAC_SHA_256: 'HMAC_SHA_256',
  HMAC_SHA_384: 'HMAC_SHA_384',
  HMAC_SHA_512: 'HMAC_SHA_512',
} as const;
export const Charset = { US_ASCII: 'US_ASCII', UTF_8: 'UTF_8' } as const;

const NODE_DIGEST: Record<string, string> = {
  MD5: 'md5',
  SHA_1: 'sha1',
  SHA_256: 'sha256',
  SHA_384: 'sha384',
  SHA_512: 'sha512',
};
const NODE_MAC: Record<string, string> = {
  HMAC_MD5: 'md5',
  HMAC_SHA_1: 'sha1',
  HMAC_SHA_256: 'sha256',
  HMAC_SHA_384: 'sha384',
  HMAC_SHA_512: 'sha512',
};

export const MAX_SLEEP_MS = 300_000;

/** RFC 4180 CSV parser (quotes, doubled quotes, CRLF/LF, embedded newlines). */
export function parseCsv(text: string, delimiter = ','): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  const n = text.length;
  let any = false;
  while (i < n) {
    const ch = text[i];
    any = true;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      field += ch;
      i++;
      continue;
    }
    if (ch === '"' && field === '') {
      quoted = true;
      i++;
      continue;
    }
    if (ch === delimiter) {
      row.push(field);
      field = '';
      i++;
      continue;
    }
    if (ch === '\r' || ch === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      any = false;
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
      continue;
    }
    field += ch;
    i++;
  }
  if (quoted) throw serviceError('Could not parse text.');
  if (any || field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

export class BlobImpl {
  constructor(
    private _bytes: Buffer,
    private _contentType: string | null,
    private _name: string | null,
  ) {}
  getBytes(): number[] {
    return toSignedBytes(this._bytes);
  }
  getDataAsString(charset?: string): string {
    return this._bytes.toString(charset === 'US_ASCII' ? 'latin1' : 'utf8');
  }
  getContentType(): string | null {
    return this._contentType;
  }
  setContentType(t: string): this {
    this._contentType = t;
    return this;
  }
  getName(): string | null {
    return this._name;
  }
  setName(n: string): this {
    this._name = n;
    return this;
  }
  setDataFromString(s: string, charset?: string): this {
    this._bytes = toBuffer(String(s), charset);
    return this;
  }
  setBytes(b: number[]): this {
    this._bytes = toBuffer(b);
    return this;
  }
  copyBlob(): BlobImpl {
    return new BlobImpl(Buffer.from(this._bytes), this._contentType, this._name);
  }
  isGoogleType(): boolean {
    return false;
  }
  /** Host-side helper (not in Apps Script). */
  _buffer(): Buffer {
    return this._bytes;
  }
}

function formatString(template: string, ...args: unknown[]): string {
  let i = 0;
  return String(template).replace(
    /%(-?\d*)(\.\d+)?([sdfi%])/g,
    (_m, _w: string, prec: string | undefined, t: string) => {
      if (t === '%') return '%';
      const a = args[i++];
      if (t === 'd' || t === 'i') return String(Math.trunc(Number(a)));
      if (t === 'f') return prec ? Number(a).toFixed(Number(prec.slice(1))) : String(Number(a));
      return String(a);
    },
  );
}

export function createUtilities(x: Execution): GoogleAppsScript.Utilities.Utilities {
  const mkBlob = (b: Buffer, type?: string | null, name?: string | null) =>
    x.wrap('Blob', new BlobImpl(b, type ?? null, name ?? null));
  const svc = {
    DigestAlgorithm,
    MacAlgorithm,
    Charset,
    sleep(ms: unknown) {
      const n = Number(ms);
      if (!Number.isFinite(n) || n < 0) throw serviceError('Invalid argument: milliseconds');
      if (n > MAX_SLEEP_MS) throw serviceError(`Invalid argument: milliseconds (the maximum is ${MAX_SLEEP_MS})`);
      return x.pause(n, () => undefined);
    },
    formatDate(date: unknown, timeZone: unknown, format: unknown) {
      if (!isDate(date))
        throw serviceError(
          `The parameters (${typeof date},${typeof timeZone},${typeof format}) don't match the method signature for Utilities.formatDate.`,
        );
      if (typeof timeZone !== 'string' || typeof format !== 'string') {
        throw serviceError(
          `The parameters (Date,${typeof timeZone},${typeof format}) don't match the method signature for Utilities.formatDate.`,
        );
      }
      const t = date.getTime();
      if (Number.isNaN(t)) throw serviceError('Invalid argument: date');
      return formatJavaDate(t, timeZone, format);
    },
    formatString,
    computeDigest(algorithm: unknown, value: unknown, charset?: unknown) {
      const alg = NODE_DIGEST[String(algorithm)];
      if (!alg) throw serviceError(`Invalid argument: algorithm`);
      return toSignedBytes(
        createHash(alg)
          .update(toBuffer(value, charset as string | undefined))
          .digest(),
      );
    },
    computeHmacSignature(algorithm: unknown, value: unknown, key: unknown, charset?: unknown) {
      const alg = NODE_MAC[String(algorithm)];
      if (!alg) throw serviceError(`Invalid argument: algorithm`);
      const cs = charset as string | undefined;
      return toSignedBytes(createHmac(alg, toBuffer(key, cs)).update(toBuffer(value, cs)).digest());
    },
    computeHmacSha256Signature(value: unknown, key: unknown, charset?: unknown) {
      const cs = charset as string | undefined;
      return toSignedBytes(createHmac('sha256', toBuffer(key, cs)).update(toBuffer(value, cs)).digest());
    },
    base64Encode(data: unknown, charset?: unknown) {
      return toBuffer(data, charset as string | undefined).toString('base64');
    },
    base64EncodeWebSafe(data: unknown, charset?: unknown) {
      return toBuffer(data, charset as string | undefined)
        .toString('base64')
        .replace(/\+/g, '-')
        .replace(/\//g, '_');
    },
    base64Decode(encoded: unknown) {
      const s = String(encoded);
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(s.replace(/\s/g, ''))) throw serviceError('Could not decode string.');
      return toSignedBytes(Buffer.from(s, 'base64'));
    },
    base64DecodeWebSafe(encoded: unknown) {
      const s = String(encoded);
      if (!/^[A-Za-z0-9_-]*={0,2}$/.test(s.replace(/\s/g, ''))) throw serviceError('Could not decode string.');
      return toSignedBytes(Buffer.from(s.replace(/-/g, '+').replace(/_/g, '/'), 'base64'));
    },
    newBlob(data: unknown, contentType?: unknown, name?: unknown) {
      return mkBlob(toBuffer(data ?? ''), contentType as string | undefined, name as string | undefined);
    },
    parseCsv(csv: unknown, delimiter?: unknown) {
      return parseCsv(String(csv), delimiter === undefined ? ',' : String(delimiter));
    },
    getUuid() {
      return randomUUID();
    },
    jsonParse(s: string) {
      return JSON.parse(s);
    },
    jsonStringify(o: unknown) {
      return JSON.stringify(o);
    },
  };
  return x.wrap('Utilities', svc) as unknown as GoogleAppsScript.Utilities.Utilities;
}
