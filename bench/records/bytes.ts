/**
 * Byte-level NDJSON encoding for the record writer: rows are written straight into one reused
 * byte buffer (pre-encoded keys and dictionary values, integer digit loops, fixed-point decimals),
 * so a row costs no string allocation. `String(x)` of a double costs about 150 ns in V8, a row has
 * up to ten of them; the fixed-point writer below costs a fraction of that.
 */
import { utcOffsetMs, zoneFormatter } from '../../sim/calendar.ts';

const encoder = new TextEncoder();

/** UTF-8 bytes of a string. */
export function utf8(s: string): Uint8Array {
  return encoder.encode(s);
}

/** The JSON string literal of s without its quotes (escaped content), as UTF-8 bytes. */
export function jsonStringContent(s: string): Uint8Array {
  const q = JSON.stringify(s);
  return encoder.encode(q.slice(1, -1));
}

const DIGITS_1E9 = 1_000_000_000;

/**
 * A pre-encoded piece of output (a key, a dictionary value) stored as little-endian 32-bit words,
 * so it is copied four bytes at a time. The last word may carry up to three bytes of padding,
 * written past the end and overwritten by what follows (the buffer keeps slack for it).
 */
export interface Piece {
  readonly words: Uint32Array;
  readonly length: number;
}

export function piece(text: string | Uint8Array): Piece {
  const bytes = typeof text === 'string' ? encoder.encode(text) : text;
  const padded = new Uint8Array(Math.ceil(bytes.length / 4) * 4);
  padded.set(bytes);
  return { words: new Uint32Array(padded.buffer), length: bytes.length };
}

/** "00".."99" as little-endian 16-bit pairs: two digits per store. */
const PAIRS = (() => {
  const t = new Uint16Array(100);
  for (let i = 0; i < 100; i++) t[i] = (48 + ((i / 10) | 0)) | ((48 + (i % 10)) << 8);
  return t;
})();

/** Bytes written past `pos` at most (padding of a piece's last word). */
const SLACK = 8;

export class ByteWriter {
  buf: Uint8Array;
  view: DataView;
  pos = 0;

  constructor(capacity = 1 << 20) {
    this.buf = new Uint8Array(capacity + SLACK);
    this.view = new DataView(this.buf.buffer);
  }

  /** Makes room for n more bytes. */
  ensure(n: number): void {
    if (this.pos + n + SLACK <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.pos + n + SLACK) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  raw(p: Piece): void {
    const words = p.words;
    const v = this.view;
    const pos = this.pos;
    const m = words.length;
    for (let k = 0; k < m; k++) v.setUint32(pos + 4 * k, words[k], true);
    this.pos = pos + p.length;
  }

  byte(c: number): void {
    this.buf[this.pos++] = c;
  }

  /** A non-negative integer (any size up to 2^53). */
  uint(n: number): void {
    if (n < 10) {
      this.buf[this.pos++] = 48 + n;
      return;
    }
    if (n >= 2147483648) {
      // Above int32: split into high and low nine-digit halves so the digit loop stays in small integers.
      const hi = Math.floor(n / DIGITS_1E9);
      this.uint(hi);
      this.digits(n - hi * DIGITS_1E9, 9);
      return;
    }
    const len = n < 100 ? 2 : n < 1000 ? 3 : n < 10000 ? 4 : n < 100000 ? 5 : n < 1000000 ? 6 : n < 10000000 ? 7 : n < 100000000 ? 8 : n < 1000000000 ? 9 : 10;
    this.digits(n, len);
  }

  /** An integer (negative allowed). */
  int(n: number): void {
    if (n < 0) {
      this.buf[this.pos++] = 45;
      this.uint(-n);
    } else this.uint(n);
  }

  /** Exactly `count` digits of 0 <= n < 10^count (n < 2^31), zero-padded. */
  digits(n: number, count: number): void {
    const v = this.view;
    let p = this.pos + count;
    this.pos = p;
    let x = n | 0;
    let left = count;
    while (left >= 2) {
      const q = (x / 100) | 0;
      p -= 2;
      v.setUint16(p, PAIRS[x - q * 100], true);
      x = q;
      left -= 2;
    }
    if (left === 1) this.buf[p - 1] = 48 + x;
  }

  /**
   * A finite number rounded to 9 decimals (nanoseconds for times), trailing zeros dropped:
   * 12.5, 300, 0.000000001. The caller writes null (omits the key) for NaN.
   */
  decimal(x: number): void {
    if (x < 0) {
      this.buf[this.pos++] = 45;
      x = -x;
    }
    let ip = Math.floor(x);
    let frac = Math.round((x - ip) * DIGITS_1E9); // x - floor(x) is exact
    if (frac >= DIGITS_1E9) {
      ip += 1;
      frac -= DIGITS_1E9;
    }
    if (ip < 2147483648) {
      const n = ip | 0;
      if (n < 10) this.buf[this.pos++] = 48 + n;
      else this.digits(n, n < 100 ? 2 : n < 1000 ? 3 : n < 10000 ? 4 : n < 100000 ? 5 : n < 1000000 ? 6 : n < 10000000 ? 7 : n < 100000000 ? 8 : n < 1000000000 ? 9 : 10);
    } else this.uint(ip);
    if (frac === 0) return;
    // Nine digits after the point, then the trailing zeros taken back.
    const b = this.buf;
    b[this.pos++] = 46;
    this.digits(frac, 9);
    let p = this.pos;
    while (b[p - 1] === 48) p--;
    this.pos = p;
  }
}

const MINUTE_MS = 60_000;
const BUCKET_MS = 15 * MINUTE_MS; // zone offsets change only at quarter hours of UTC (modern zones)
const DAY_MS = 86_400_000;
const UNSET = -0x7fffffff;
/** Quarter hours cached in the array (about ten years from the start); beyond, in a map. */
const MAX_BUCKETS = 1 << 18;

/**
 * ISO 8601 local date-times with offset ("2026-03-02T09:15:04.250+01:00") of simulated times, in
 * an IANA zone, daylight saving included. The zone's offset is asked of Intl once per quarter hour
 * of simulated time and the date prefix once per local day; everything else is integer arithmetic.
 */
export class LocalTimeWriter {
  private readonly epochMs: number;
  private readonly fmt: Intl.DateTimeFormat;
  private offsets = new Int32Array(256).fill(UNSET);
  private readonly baseBucket: number;
  private readonly farOffsets = new Map<number, number>();
  private readonly dayCache = new Map<number, Uint8Array>();
  private readonly offsetCache = new Map<number, Piece>();

  constructor(epochMs: number, timeZone: string) {
    this.epochMs = epochMs;
    this.fmt = zoneFormatter(timeZone);
    this.baseBucket = Math.floor(epochMs / BUCKET_MS);
  }

  /** The zone's UTC offset in minutes at an instant (UTC epoch ms). */
  offsetMinutes(utcMs: number): number {
    const k = Math.floor(utcMs / BUCKET_MS) - this.baseBucket;
    if (k >= 0 && k < this.offsets.length) {
      const cached = this.offsets[k];
      if (cached !== UNSET) return cached;
    } else if (k < 0 || k >= MAX_BUCKETS) {
      // Far from the start (or before it): a map, not a huge array.
      let off = this.farOffsets.get(k);
      if (off === undefined) {
        off = this.computeOffsetMinutes((k + this.baseBucket) * BUCKET_MS);
        this.farOffsets.set(k, off);
      }
      return off;
    }
    const off = this.computeOffsetMinutes((k + this.baseBucket) * BUCKET_MS);
    if (k >= this.offsets.length) {
      let cap = this.offsets.length * 2;
      while (cap <= k) cap *= 2;
      const next = new Int32Array(cap).fill(UNSET);
      next.set(this.offsets);
      this.offsets = next;
    }
    this.offsets[k] = off;
    return off;
  }

  private computeOffsetMinutes(utcMs: number): number {
    return Math.round(utcOffsetMs(this.fmt, utcMs) / MINUTE_MS);
  }

    // The span of UTC instants [spanLo, spanHi) last written: inside one local day with one offset,
  // so a time in it needs no lookup at all (times arrive roughly in order).
  private spanLo = 0;
  private spanHi = -1;
  private spanMsOfDay = 0; // local milliseconds of day at spanLo
  private spanDay: Uint8Array = new Uint8Array(0);
  private spanOffset: Piece = piece('');

  // The last minute written, as "YYYY-MM-DDTHH:MM:" (17 bytes in 5 words; times arrive roughly in order).
  private minuteKey = NaN;
  private readonly minuteBytes = new Uint8Array(20);
  private readonly minuteWords = new Uint32Array(this.minuteBytes.buffer);

  /** Writes the ISO local time of simulated time t (seconds), without quotes. */
  write(w: ByteWriter, t: number): void {
    const utcMs = this.epochMs + Math.round(t * 1000);
    if (utcMs < this.spanLo || utcMs >= this.spanHi) this.findSpan(utcMs);
    const ms = utcMs - this.spanLo + this.spanMsOfDay;
    const minute = (ms / 60_000) | 0;
    if (minute !== this.minuteKey) this.setMinute(minute);
    const v = w.view;
    let p = w.pos;
    const mw = this.minuteWords;
    v.setUint32(p, mw[0], true);
    v.setUint32(p + 4, mw[1], true);
    v.setUint32(p + 8, mw[2], true);
    v.setUint32(p + 12, mw[3], true);
    v.setUint32(p + 16, mw[4], true);
    p += 17;
    const rest = ms - minute * 60_000; // seconds and milliseconds
    const s = (rest / 1000) | 0;
    const milli = rest - s * 1000;
    const hundreds = (milli / 100) | 0;
    v.setUint16(p, PAIRS[s], true);
    v.setUint16(p + 2, 46 | ((48 + hundreds) << 8), true); // ".d"
    v.setUint16(p + 4, PAIRS[milli - hundreds * 100], true);
    const off = this.spanOffset.words; // "+HH:MM": two words, the second padded
    v.setUint32(p + 6, off[0], true);
    v.setUint32(p + 10, off[1], true);
    w.pos = p + 12;
  }

  private setMinute(minute: number): void {
    this.minuteKey = minute;
    const m = this.minuteBytes;
    m.set(this.spanDay, 0); // "YYYY-MM-DDT"
    const h = (minute / 60) | 0;
    const mi = minute - h * 60;
    m[11] = 48 + ((h / 10) | 0);
    m[12] = 48 + (h % 10);
    m[13] = 58;
    m[14] = 48 + ((mi / 10) | 0);
    m[15] = 48 + (mi % 10);
    m[16] = 58;
  }

  /** Sets the span to the largest stretch around utcMs with one local day and one offset (at least its quarter hour). */
  private findSpan(utcMs: number): void {
    const off = this.offsetMinutes(utcMs);
    const offMs = off * MINUTE_MS;
    const local = utcMs + offMs;
    const day = Math.floor(local / DAY_MS);
    const dayLo = day * DAY_MS - offMs; // the local day's bounds in UTC, if the offset held all day
    const dayHi = dayLo + DAY_MS;
    let lo: number;
    let hi: number;
    if (this.offsetMinutes(dayLo) === off && this.offsetMinutes(dayHi - 1) === off) {
      lo = dayLo;
      hi = dayHi;
    } else {
      // A daylight-saving day: one quarter hour at a time.
      lo = Math.floor(utcMs / BUCKET_MS) * BUCKET_MS;
      hi = lo + BUCKET_MS;
      lo = Math.max(lo, dayLo);
      hi = Math.min(hi, dayHi);
    }
    this.spanLo = lo;
    this.spanHi = hi;
    this.spanMsOfDay = lo + offMs - day * DAY_MS;
    this.spanDay = this.dayBytes(day);
    this.spanOffset = this.offsetBytes(off);
    this.minuteKey = NaN;
  }

  /** The ISO local time of simulated time t as a string. */
  format(t: number): string {
    const w = new ByteWriter(64);
    this.write(w, t);
    return new TextDecoder().decode(w.buf.subarray(0, w.pos));
  }

  private dayBytes(day: number): Uint8Array {
    let bytes = this.dayCache.get(day);
    if (!bytes) {
      const d = new Date(day * DAY_MS);
      const y = d.getUTCFullYear();
      const text = `${y < 0 ? '-' : ''}${String(Math.abs(y)).padStart(4, '0')}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}T`;
      bytes = utf8(text);
      this.dayCache.set(day, bytes);
    }
    return bytes;
  }

  private offsetBytes(off: number): Piece {
    let p = this.offsetCache.get(off);
    if (!p) {
      const a = Math.abs(off);
      p = piece(`${off < 0 ? '-' : '+'}${pad2(Math.floor(a / 60))}:${pad2(a % 60)}`);
      this.offsetCache.set(off, p);
    }
    return p;
  }
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}
