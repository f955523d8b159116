/**
 * The calling list as struct-of-arrays: observable columns (what a CRM export has: time zone,
 * segment, phone type, value, do-not-call), the hidden behaviour the world decides outcomes with
 * (the lead's own answer propensity, an invalid number), and the dialing state (attempts, next
 * eligible time, last abandoned call). Generated from keyed draws by lead id, or read from a CSV
 * with the observable columns (hidden behaviour is then drawn the same way), so a list is a
 * function of (seed, replication) and identical under any pacing policy.
 */
import { readFileSync } from 'node:fs';
import { pick } from '../customers.ts';
import { Dist } from '../random/dist.ts';
import { KeyedStream } from '../random/stream.ts';

export const LEAD_PENDING = 0; // waiting for its next attempt
export const LEAD_ACTIVE = 1; // an attempt is in progress
export const LEAD_DONE = 2; // reached, invalid, out of attempts, or do-not-call

/** Why a lead left the list. */
export const DONE_NONE = 0;
export const DONE_REACHED = 1;
export const DONE_INVALID = 2;
export const DONE_MAX_ATTEMPTS = 3;
export const DONE_DNC = 4;
export const DONE_TO_BOT = 5; // followed up by the AI voice bot, not by a human

export interface LeadColumnsInput {
  zones: string[];
  segments: string[];
  /** Generated list: count and mixes. */
  generate?: { count: number; zoneShares: number[]; segmentShares: number[]; mobileShare: number; value: Dist; dncShare: number };
  /** Or a CSV file with columns id, timeZone, segment, phoneType, value, doNotCall. */
  file?: string;
  /** Hidden: spread of the lead's own answer propensity (gamma multiplier with mean 1), share of invalid numbers. */
  answerSpread: number;
  invalidShare: number;
}

export class LeadTable {
  readonly count: number;
  readonly zones: string[];
  readonly segments: string[];
  /** External ids (CSV) or null for generated lists (the id is the index). */
  readonly ids: string[] | null;
  // Observable.
  readonly zone: Uint8Array;
  readonly segment: Uint16Array;
  readonly mobile: Uint8Array;
  readonly value: Float64Array;
  readonly dnc: Uint8Array;
  // Hidden truth.
  readonly propensity: Float64Array;
  readonly invalid: Uint8Array;
  // Dialing state.
  readonly status: Uint8Array;
  readonly done: Uint8Array;
  readonly attempts: Uint8Array;
  readonly nextEligible: Float64Array;
  readonly lastAbandon: Float64Array;
  readonly firstDial: Float64Array;

  constructor(input: LeadColumnsInput, seed: number, replication: number) {
    this.zones = input.zones;
    this.segments = input.segments;
    const rows = input.file ? readLeadCsv(input.file, input.zones, input.segments) : null;
    const n = rows ? rows.length : input.generate!.count;
    this.count = n;
    this.ids = rows ? rows.map((r) => r.id) : null;
    this.zone = new Uint8Array(n);
    this.segment = new Uint16Array(n);
    this.mobile = new Uint8Array(n);
    this.value = new Float64Array(n);
    this.dnc = new Uint8Array(n);
    this.propensity = new Float64Array(n);
    this.invalid = new Uint8Array(n);
    this.status = new Uint8Array(n);
    this.done = new Uint8Array(n);
    this.attempts = new Uint8Array(n);
    this.nextEligible = new Float64Array(n);
    this.lastAbandon = new Float64Array(n).fill(-Infinity);
    this.firstDial = new Float64Array(n).fill(NaN);

    const columns = new KeyedStream(seed, replication, 'lead-columns');
    const valueStream = new KeyedStream(seed, replication, 'lead-value');
    const hidden = new KeyedStream(seed, replication, 'lead-hidden');
    const propensity = input.answerSpread > 0 ? new Dist({ dist: 'gamma', mean: 1, cv: input.answerSpread }) : null;
    const propensityStream = new KeyedStream(seed, replication, 'lead-propensity');
    for (let i = 0; i < n; i++) {
      if (rows) {
        const r = rows[i];
        this.zone[i] = r.zone;
        this.segment[i] = r.segment;
        this.mobile[i] = r.mobile ? 1 : 0;
        this.value[i] = r.value;
        this.dnc[i] = r.dnc ? 1 : 0;
      } else {
        const g = input.generate!;
        this.zone[i] = pick(g.zoneShares, columns.uniform(i, 0));
        this.segment[i] = pick(g.segmentShares, columns.uniform(i, 1));
        this.mobile[i] = columns.uniform(i, 2) < g.mobileShare ? 1 : 0;
        this.value[i] = g.value.sample(valueStream, i);
        this.dnc[i] = columns.uniform(i, 3) < g.dncShare ? 1 : 0;
      }
      this.invalid[i] = hidden.uniform(i, 0) < input.invalidShare ? 1 : 0;
      this.propensity[i] = propensity ? propensity.sample(propensityStream, i) : 1;
      if (this.dnc[i]) {
        this.status[i] = LEAD_DONE;
        this.done[i] = DONE_DNC;
      }
    }
  }

  /** Display id of lead i (the CSV id, or the index). */
  idOf(i: number): string {
    return this.ids ? this.ids[i] : String(i);
  }
}

interface LeadRow {
  id: string;
  zone: number;
  segment: number;
  mobile: boolean;
  value: number;
  dnc: boolean;
}

/** An error in a lead file: one line naming the file, the line and the column. */
export class LeadFileError extends Error {}

const REQUIRED = ['id', 'timeZone', 'segment', 'phoneType', 'value', 'doNotCall'] as const;

/**
 * Reads the observable columns. Zones and segments not yet known are appended to `zones` /
 * `segments` (the caller's lists), so a CSV may introduce its own.
 */
export function readLeadCsv(path: string, zones: string[], segments: string[]): LeadRow[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new LeadFileError(`${path}: expected a readable CSV file of leads, found no such file`);
  }
  const lines = text.split(/\r?\n/);
  const header = splitCsvLine(lines[0] ?? '');
  const col = new Map(header.map((h, i) => [h.trim(), i]));
  for (const name of REQUIRED) {
    if (!col.has(name)) throw new LeadFileError(`${path}:1: expected a header with columns ${REQUIRED.join(', ')}, found ${header.join(', ') || 'nothing'} (missing ${name})`);
  }
  const rows: LeadRow[] = [];
  const seen = new Set<string>();
  for (let ln = 1; ln < lines.length; ln++) {
    if (lines[ln].trim() === '') continue;
    const cells = splitCsvLine(lines[ln]);
    const get = (name: (typeof REQUIRED)[number]) => (cells[col.get(name)!] ?? '').trim();
    const where = `${path}:${ln + 1}`;
    const id = get('id');
    if (!id) throw new LeadFileError(`${where}: id: expected a non-empty id, found nothing`);
    if (seen.has(id)) throw new LeadFileError(`${where}: id: expected a unique id, found "${id}" again`);
    seen.add(id);
    const zone = get('timeZone');
    if (!isZone(zone)) throw new LeadFileError(`${where}: timeZone: expected an IANA time zone, found "${zone}"`);
    let zi = zones.indexOf(zone);
    if (zi < 0) zi = zones.push(zone) - 1;
    if (zones.length > 255) throw new LeadFileError(`${where}: timeZone: expected at most 255 distinct zones, found more`);
    const segment = get('segment') || 'all';
    let si = segments.indexOf(segment);
    if (si < 0) si = segments.push(segment) - 1;
    const phone = get('phoneType').toLowerCase();
    if (phone !== 'mobile' && phone !== 'landline') throw new LeadFileError(`${where}: phoneType: expected mobile or landline, found "${phone}"`);
    const value = Number(get('value'));
    if (!Number.isFinite(value) || value < 0) throw new LeadFileError(`${where}: value: expected a number >= 0, found "${get('value')}"`);
    const dncText = get('doNotCall').toLowerCase();
    if (!['true', 'false', '1', '0', 'yes', 'no', ''].includes(dncText)) throw new LeadFileError(`${where}: doNotCall: expected true or false, found "${dncText}"`);
    rows.push({ id, zone: zi, segment: si, mobile: phone === 'mobile', value, dnc: dncText === 'true' || dncText === '1' || dncText === 'yes' });
  }
  if (rows.length === 0) throw new LeadFileError(`${path}: expected at least one lead, found none`);
  return rows;
}

function isZone(z: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: z });
    return z.length > 0;
  } catch {
    return false;
  }
}

/** One CSV line into cells (double quotes, "" escapes). */
function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        cur += c;
      }
    } else if (c === '"') {
      quoted = true;
    } else if (c === ',') {
      out.push(cur);
      cur = '';
    } else {
      cur += c;
    }
  }
  out.push(cur);
  return out;
}
