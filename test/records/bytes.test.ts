// The NDJSON encoder: integers, nanosecond decimals and ISO local times with offsets (daylight saving,
// half-hour DST, quarter-hour offsets) against references built on Number and Intl.
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { ByteWriter, LocalTimeWriter, piece } from '../../bench/records/bytes.ts';

const text = (w: ByteWriter) => new TextDecoder().decode(w.buf.subarray(0, w.pos));

function write(f: (w: ByteWriter) => void): string {
  const w = new ByteWriter(16);
  w.ensure(64);
  f(w);
  return text(w);
}

/** Reference ISO local time with offset, at millisecond precision, from Intl. */
function referenceIso(epochMs: number, t: number, zone: string): string {
  const utc = epochMs + Math.round(t * 1000);
  const fmt = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
  const p = Object.fromEntries(fmt.formatToParts(new Date(utc)).filter((x) => x.type !== 'literal').map((x) => [x.type, Number(x.value)]));
  const localMs = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) + (((utc % 1000) + 1000) % 1000);
  const off = Math.round((localMs - utc) / 60000);
  const pad = (n: number, k = 2) => String(n).padStart(k, '0');
  const a = Math.abs(off);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}.${pad(localMs % 1000, 3)}${off < 0 ? '-' : '+'}${pad(Math.floor(a / 60))}:${pad(a % 60)}`;
}

describe('ByteWriter', () => {
  it('writes integers of any size up to 2^53', () => {
    for (const n of [0, 7, 10, 99, 100, 12345, 2147483647, 2147483648, 9999999999, 123456789012345, 2 ** 53 - 1]) expect(write((w) => w.uint(n))).toBe(String(n));
    expect(write((w) => w.int(-42))).toBe('-42');
  });

  it('writes decimals rounded to the nanosecond, trailing zeros dropped', () => {
    expect(write((w) => w.decimal(0))).toBe('0');
    expect(write((w) => w.decimal(300))).toBe('300');
    expect(write((w) => w.decimal(12.5))).toBe('12.5');
    expect(write((w) => w.decimal(0.000000001))).toBe('0.000000001');
    expect(write((w) => w.decimal(1.9999999999))).toBe('2');
    expect(write((w) => w.decimal(-3.25))).toBe('-3.25');
    expect(write((w) => w.decimal(315860.27558979427))).toBe('315860.275589794');
    const rng = seedrandom('decimals');
    for (let i = 0; i < 20000; i++) {
      const x = (rng() - 0.2) * 10 ** Math.floor(rng() * 10);
      const s = write((w) => w.decimal(x));
      expect(s).toMatch(/^-?\d+(\.\d{0,8}[1-9])?$/);
      expect(Math.abs(Number(s) - x)).toBeLessThanOrEqual(5.000001e-10 + Math.abs(x) * 2.3e-16);
    }
  });

  it('copies pieces word by word without disturbing what follows', () => {
    const w = new ByteWriter(4);
    for (const s of ['a', 'bc', 'def', 'ghij', 'klmno', '"é"']) {
      w.ensure(16);
      w.raw(piece(s));
    }
    expect(text(w)).toBe('abcdefghijklmno"é"');
  });
});

describe('LocalTimeWriter', () => {
  const cases: [string, string][] = [
    ['UTC', '2026-01-05T00:00:00Z'],
    ['Europe/London', '2026-03-28T00:00:00Z'], // spring forward on 29 March
    ['Europe/London', '2026-10-24T00:00:00Z'], // fall back on 25 October
    ['America/New_York', '2026-03-07T00:00:00Z'],
    ['Australia/Lord_Howe', '2026-04-04T00:00:00Z'], // half-hour daylight saving
    ['Asia/Kathmandu', '2026-06-01T00:00:00Z'], // +05:45
  ];

  it.each(cases)('matches Intl in %s around %s', (zone, start) => {
    const epochMs = Date.parse(start);
    const t = new LocalTimeWriter(epochMs, zone);
    const rng = seedrandom(zone + start);
    const times: number[] = [];
    for (let i = 0; i < 1500; i++) times.push(rng() * 4 * 86400); // four days, in any order
    for (let s = 0; s < 4 * 86400; s += 157.2345) times.push(s); // and sweeping forward
    for (const x of times) expect(t.format(x)).toBe(referenceIso(epochMs, x, zone));
  });
});
