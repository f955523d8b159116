/**
 * Chunks of record columns to NDJSON files. The formatter owns one replication's files: it turns
 * each chunk (columns in typed arrays, strings as dictionary indices) into bytes in one tight loop,
 * with pre-encoded keys and dictionary values, appends them to a hidden temporary file, and renames
 * the files into place at the end. It runs on the records writer thread (writer-thread.ts) or, as a
 * fallback, in the simulating thread; the bytes are the same either way.
 */
import { closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { ByteWriter, jsonStringContent, LocalTimeWriter, piece, type Piece } from './bytes.ts';
import { recordFileName, tempFileName } from './layout.ts';
import { AGENT_STATE_NAMES, ALERT_KINDS, ATTEMPT_OUTCOMES, BOT_RESULTS, INBOUND_OUTCOMES, type Assignment } from './schema.ts';

/** Rows per columnar chunk. */
export const CHUNK_ROWS = 65_536;
/** The byte buffer goes to the file whenever it holds this much. */
const FLUSH_BYTES = 1 << 20;

export const KIND_INBOUND = 0;
export const KIND_OUTBOUND = 1;

/** call_records columns of up to CHUNK_ROWS rows; NaN / -1 mean null. */
export interface CallChunk {
  n: number;
  kind: Uint8Array;
  /** Inbound: the call index; outbound: the lead. */
  key: Int32Array;
  attempt: Uint8Array;
  customer: Int32Array;
  segment: Int32Array;
  agent: Int32Array;
  /** Inbound: CALL_* code; outbound: RES_* code. */
  outcome: Uint8Array;
  rightParty: Int8Array;
  converted: Int8Array;
  effective: Int8Array;
  warmup: Uint8Array;
  /** The conversation started while the measurement window was open (-1: no conversation). */
  measured: Int8Array;
  arrival: Float64Array;
  answer: Float64Array;
  connect: Float64Array;
  end: Float64Array;
  wait: Float64Array;
  talk: Float64Array;
  wrap: Float64Array;
  revenue: Float64Array;
  satisfaction: Float64Array;
  /** Script assist: first intent-specific script suggested, first true and predicted intents (-1: null). */
  script: Int16Array;
  trueIntent: Int8Array;
  predictedIntent: Int8Array;
  /** Split centers: the pilot arm (index into armNames; -1: null). */
  arm: Int8Array;
  /** Human-AI collaboration (sim/collab/): when a bot-handled call was offered to humans (NaN: never / no bot), the bot's result (-1: none) and time, the call's reason, complaint, sentiment alert, call back. */
  queued: Float64Array;
  bot: Int8Array;
  botSeconds: Float64Array;
  reason: Int8Array;
  complaint: Int8Array;
  alert: Int8Array;
  callback: Int8Array;
}

/** agent_states columns. */
export interface StateChunk {
  n: number;
  agent: Int32Array;
  state: Uint8Array;
  from: Float64Array;
  to: Float64Array;
}

export function newCallChunk(): CallChunk {
  const R = CHUNK_ROWS;
  return {
    n: 0,
    kind: new Uint8Array(R),
    key: new Int32Array(R),
    attempt: new Uint8Array(R),
    customer: new Int32Array(R),
    segment: new Int32Array(R),
    agent: new Int32Array(R),
    outcome: new Uint8Array(R),
    rightParty: new Int8Array(R),
    converted: new Int8Array(R),
    effective: new Int8Array(R),
    warmup: new Uint8Array(R),
    measured: new Int8Array(R),
    arrival: new Float64Array(R),
    answer: new Float64Array(R),
    connect: new Float64Array(R),
    end: new Float64Array(R),
    wait: new Float64Array(R),
    talk: new Float64Array(R),
    wrap: new Float64Array(R),
    revenue: new Float64Array(R),
    satisfaction: new Float64Array(R),
    script: new Int16Array(R),
    trueIntent: new Int8Array(R),
    predictedIntent: new Int8Array(R),
    arm: new Int8Array(R),
    queued: new Float64Array(R),
    bot: new Int8Array(R),
    botSeconds: new Float64Array(R),
    reason: new Int8Array(R),
    complaint: new Int8Array(R),
    alert: new Int8Array(R),
    callback: new Int8Array(R),
  };
}

export function newStateChunk(): StateChunk {
  const R = CHUNK_ROWS;
  return { n: 0, agent: new Int32Array(R), state: new Uint8Array(R), from: new Float64Array(R), to: new Float64Array(R) };
}

/** The buffers of a chunk (to transfer it to another thread without copying). */
export function chunkBuffers(chunk: CallChunk | StateChunk): ArrayBuffer[] {
  return Object.values(chunk).filter((v): v is ArrayBufferView => ArrayBuffer.isView(v)).map((v) => v.buffer as ArrayBuffer);
}

/** What the formatter needs to know about the replication (plain data: crosses threads). */
export interface FormatterSetup {
  dir: string;
  replication: number;
  variant: string;
  assignment: Assignment;
  epochMs: number;
  timeZone: string;
  groupNames: string[];
  /** Group of each agent. */
  agentGroup: Int32Array;
  segmentNames: string[];
  /** Script ids and intent names (script assist; empty without it). */
  scriptNames: string[];
  intentNames: string[];
  /** Pilot arm names (split centers; empty without a pilot). */
  armNames: string[];
  /** The scenario has a bot, supervision, sentiment or costs: the collaboration columns are written. */
  collab: boolean;
  routingPolicy: string;
  pacingPolicy: string | null;
  /** Outbound lead columns (null without a campaign). */
  leads: { zones: string[]; zone: Uint8Array; mobile: Uint8Array; ids: string[] | null } | null;
}

/** The replication's summary row (runs table), minus what the formatter knows itself. */
export interface RunInfo {
  scenario: string;
  seed: number;
  window: [number, number];
  endS: number;
  slSeconds: number;
}

export interface FormatterStats {
  callRows: number;
  agentStateRows: number;
  bytes: number;
}

/** One output file, written under a temporary name and renamed when complete. */
class TableFile {
  private fd: number;
  readonly tmpPath: string;
  readonly finalPath: string;
  rows = 0;
  bytes = 0;

  constructor(dir: string, finalName: string) {
    this.finalPath = join(dir, finalName);
    this.tmpPath = join(dir, tempFileName(finalName));
    this.fd = openSync(this.tmpPath, 'w');
  }

  write(w: ByteWriter): void {
    let off = 0;
    while (off < w.pos) off += writeSync(this.fd, w.buf, off, w.pos - off);
    this.bytes += w.pos;
    w.pos = 0;
  }

  commit(): void {
    closeSync(this.fd);
    this.fd = -1;
    renameSync(this.tmpPath, this.finalPath);
  }

  abort(): void {
    if (this.fd >= 0) {
      try {
        closeSync(this.fd);
      } catch {
        // already closed
      }
      this.fd = -1;
    }
    rmSync(this.tmpPath, { force: true });
  }
}

/** Pieces shared by both tables' rows. */
function groupPieces(setup: FormatterSetup): Piece[] {
  return setup.groupNames.map((g) => piece(`,"agent_group":${JSON.stringify(g)}`));
}

/** call_records chunks to `calls-rNNNN.ndjson`. */
export class CallFormatter {
  private readonly setup: FormatterSetup;
  private readonly time: LocalTimeWriter;
  private readonly w = new ByteWriter(FLUSH_BYTES + (1 << 16));
  private readonly file: TableFile;
  private readonly rowBound: number;
  private readonly agentGroup: Int32Array;
  private readonly leadIdBytes: (Piece | undefined)[] | null;
  private readonly inHead: Piece;
  private readonly inMid: Piece;
  private readonly outHead: Piece;
  private readonly outMid: Piece;
  private readonly groupBytes: Piece[];
  private readonly segmentBytes: Piece[];
  private readonly zoneBytes: Piece[];
  private readonly scriptBytes: Piece[];
  private readonly trueIntentBytes: Piece[];
  private readonly predictedIntentBytes: Piece[];
  private readonly armBytes: Piece[];
  private readonly reasonBytes: Piece[];
  private readonly inOutcomeBytes = INBOUND_OUTCOMES.map((o) => piece(`,"outcome":"${o}"`));
  private readonly outOutcomeBytes = ATTEMPT_OUTCOMES.map((o) => piece(`,"outcome":"${o}"`));
  /** Row ends: policies, the warm-up and measured flags, [inbound/outbound][warmup][measured + 1]. */
  private readonly tails: Piece[][][];

  constructor(setup: FormatterSetup) {
    this.setup = setup;
    this.time = new LocalTimeWriter(setup.epochMs, setup.timeZone);
    this.agentGroup = setup.agentGroup;
    this.leadIdBytes = setup.leads && setup.leads.ids ? new Array(setup.leads.ids.length) : null;
    const r = setup.replication;
    const common = `"variant":${JSON.stringify(setup.variant)},"replication":${r},"assignment":${JSON.stringify(setup.assignment)}`;
    this.inHead = piece(`{"record_id":"i${r}-`);
    this.inMid = piece(`","kind":"inbound",${common},"call_index":`);
    this.outHead = piece(`{"record_id":"o${r}-`);
    this.outMid = piece(`","kind":"outbound",${common},"lead_id":"`);
    this.groupBytes = groupPieces(setup);
    this.segmentBytes = setup.segmentNames.map((s) => piece(`,"segment":${JSON.stringify(s)}`));
    this.zoneBytes = (setup.leads ? setup.leads.zones : []).map((z) => piece(`,"lead_time_zone":${JSON.stringify(z)}`));
    this.scriptBytes = setup.scriptNames.map((x) => piece(`,"script_id":${JSON.stringify(x)}`));
    this.trueIntentBytes = setup.intentNames.map((x) => piece(`,"true_intent":${JSON.stringify(x)}`));
    this.predictedIntentBytes = setup.intentNames.map((x) => piece(`,"predicted_intent":${JSON.stringify(x)}`));
    this.armBytes = setup.armNames.map((x) => piece(`,"arm":${JSON.stringify(x)}`));
    this.reasonBytes = setup.collab ? setup.intentNames.map((x) => piece(`,"call_reason":${JSON.stringify(x)}`)) : [];
    const routing = `,"routing_policy":${JSON.stringify(setup.routingPolicy)}`;
    const pacing = setup.pacingPolicy !== null ? `,"pacing_policy":${JSON.stringify(setup.pacingPolicy)}` : '';
    const measured = ['}\n', ',"measured":false}\n', ',"measured":true}\n'];
    this.tails = [routing, `${routing}${pacing}`].map((policies) =>
      ['false', 'true'].map((warm) => measured.map((m) => piece(`${policies},"warmup":${warm}${m}`))),
    );
    const longest = (xs: Piece[]) => xs.reduce((m, x) => Math.max(m, x.length), 0);
    this.rowBound = 1024 + this.inMid.length + this.outMid.length + longest(this.groupBytes) + longest(this.segmentBytes) + longest(this.zoneBytes) + longest(this.scriptBytes) + 2 * longest(this.trueIntentBytes) + longest(this.armBytes) + longest(this.reasonBytes) + 256 + this.tails[1][1][2].length;
    this.file = new TableFile(setup.dir, recordFileName('call_records', r, 'ndjson'));
  }

  get rows(): number {
    return this.file.rows;
  }

  get bytes(): number {
    return this.file.bytes;
  }

  write(c: CallChunk): void {
    const w = this.w;
    const t = this.time;
    const file = this.file;
    const n = c.n;
    const { kind, key, attempt, customer: customers, segment: segments, agent: agents, outcome, rightParty, converted, effective, warmup, measured } = c;
    const { arrival: arrivals, answer: answers, connect: connects, end: ends, wait: waits, talk: talks, wrap: wraps, revenue, satisfaction } = c;
    const { script: scripts, trueIntent, predictedIntent, arm: arms } = c;
    const collab = this.setup.collab;
    const leads = this.setup.leads;
    for (let i = 0; i < n; i++) {
      w.ensure(this.rowBound);
      const inbound = kind[i] === KIND_INBOUND;
      if (inbound) {
        w.raw(this.inHead);
        w.uint(key[i]);
        w.raw(this.inMid);
        w.uint(key[i]);
      } else {
        const lead = key[i];
        w.raw(this.outHead);
        this.writeLeadId(lead);
        w.byte(45); // -
        w.uint(attempt[i]);
        w.raw(this.outMid);
        this.writeLeadId(lead);
        w.raw(K_ATTEMPT);
        w.uint(attempt[i]);
        w.raw(this.zoneBytes[leads!.zone[lead]]);
        w.raw(leads!.mobile[lead] === 1 ? PHONE_MOBILE : PHONE_LANDLINE);
      }
      const customer = customers[i];
      if (customer >= 0) {
        w.raw(K_CUSTOMER);
        w.uint(customer);
      }
      const seg = segments[i];
      if (seg >= 0) w.raw(this.segmentBytes[seg]);
      const script = scripts[i];
      if (script >= 0) w.raw(this.scriptBytes[script]);
      const ti = trueIntent[i];
      if (ti >= 0) w.raw(this.trueIntentBytes[ti]);
      const pi = predictedIntent[i];
      if (pi >= 0) w.raw(this.predictedIntentBytes[pi]);
      const arm = arms[i];
      if (arm >= 0) w.raw(this.armBytes[arm]);
      if (collab) this.writeCollab(c, i);
      const agent = agents[i];
      if (agent >= 0) {
        w.raw(K_AGENT);
        w.uint(agent);
        w.raw(this.groupBytes[this.agentGroup[agent]]);
      }
      const arrival = arrivals[i];
      const answer = answers[i];
      const connect = connects[i];
      const end = ends[i];
      w.raw(K_ARRIVAL_TIME);
      t.write(w, arrival);
      if (answer === answer) {
        w.raw(K_ANSWER_TIME);
        t.write(w, answer);
      }
      if (connect === connect) {
        w.raw(K_CONNECT_TIME);
        t.write(w, connect);
      }
      w.raw(K_END_TIME);
      t.write(w, end);
      w.raw(K_ARRIVAL_S);
      w.decimal(arrival);
      if (answer === answer) {
        w.raw(K_ANSWER_S);
        w.decimal(answer);
      }
      if (connect === connect) {
        w.raw(K_CONNECT_S);
        w.decimal(connect);
      }
      w.raw(K_END_S);
      w.decimal(end);
      const wait = waits[i];
      if (wait === wait) {
        w.raw(K_WAIT);
        w.decimal(wait);
      }
      const talk = talks[i];
      if (talk === talk) {
        w.raw(K_TALK);
        w.decimal(talk);
      }
      const wrap = wraps[i];
      if (wrap === wrap) {
        w.raw(K_WRAP);
        w.decimal(wrap);
      }
      if (inbound) {
        w.raw(this.inOutcomeBytes[outcome[i]]);
      } else {
        w.raw(this.outOutcomeBytes[outcome[i]]);
        const rp = rightParty[i];
        if (rp >= 0) w.raw(rp === 1 ? RIGHT_PARTY_TRUE : RIGHT_PARTY_FALSE);
      }
      const conv = converted[i];
      if (conv >= 0) {
        w.raw(conv === 1 ? CONVERTED_TRUE : CONVERTED_FALSE);
        w.raw(K_REVENUE);
        w.decimal(revenue[i]);
        const sat = satisfaction[i];
        if (sat === sat) {
          w.raw(K_SATISFACTION);
          w.decimal(sat);
        }
        w.raw(effective[i] === 1 ? EFFECTIVE_TRUE : EFFECTIVE_FALSE);
      }
      w.raw(this.tails[inbound ? 0 : 1][warmup[i]][measured[i] + 1]);
      if (w.pos >= FLUSH_BYTES) file.write(w);
    }
    if (w.pos > 0) file.write(w);
    file.rows += n;
  }

  /** The collaboration columns of row `i` (bot, reason, queue entry, complaint, alert, call back). */
  private writeCollab(c: CallChunk, i: number): void {
    const w = this.w;
    const bot = c.bot[i];
    if (bot >= 0) {
      w.raw(BOT_RESULT_BYTES[bot]);
      w.raw(K_BOT_S);
      w.decimal(c.botSeconds[i]);
    }
    const queued = c.queued[i];
    if (queued === queued) {
      w.raw(K_QUEUED_S);
      w.decimal(queued);
    }
    const reason = c.reason[i];
    if (reason >= 0) w.raw(this.reasonBytes[reason]);
    const complaint = c.complaint[i];
    if (complaint >= 0) w.raw(complaint === 1 ? COMPLAINT_TRUE : COMPLAINT_FALSE);
    const alert = c.alert[i];
    if (alert >= 0) w.raw(ALERT_BYTES[alert]);
    if (c.callback[i] === 1) w.raw(CALLBACK_TRUE);
  }

  private writeLeadId(lead: number): void {
    const ids = this.leadIdBytes;
    if (ids === null) {
      this.w.uint(lead);
      return;
    }
    let id = ids[lead];
    if (id === undefined) {
      id = piece(jsonStringContent(this.setup.leads!.ids![lead]));
      ids[lead] = id;
    }
    this.w.ensure(id.length);
    this.w.raw(id);
  }

  commit(): void {
    this.file.commit();
  }

  abort(): void {
    this.file.abort();
  }
}

/** agent_states chunks to `agent-states-rNNNN.ndjson`. */
export class StateFormatter {
  private readonly time: LocalTimeWriter;
  private readonly w = new ByteWriter(FLUSH_BYTES + (1 << 16));
  private readonly file: TableFile;
  private readonly rowBound: number;
  private readonly agentGroup: Int32Array;
  private readonly head: Piece;
  /** `"agent_group":...,"state":...,"from_time":"` per (group, state). */
  private readonly middles: Piece[];

  constructor(setup: FormatterSetup) {
    this.time = new LocalTimeWriter(setup.epochMs, setup.timeZone);
    this.agentGroup = setup.agentGroup;
    this.head = piece(`{"variant":${JSON.stringify(setup.variant)},"replication":${setup.replication},"agent_id":`);
    this.middles = [];
    for (const g of setup.groupNames) {
      for (const st of AGENT_STATE_NAMES) this.middles.push(piece(`,"agent_group":${JSON.stringify(g)},"state":"${st}","from_time":"`));
    }
    this.rowBound = 512 + this.head.length + this.middles.reduce((m, x) => Math.max(m, x.length), 0);
    this.file = new TableFile(setup.dir, recordFileName('agent_states', setup.replication, 'ndjson'));
  }

  get rows(): number {
    return this.file.rows;
  }

  get bytes(): number {
    return this.file.bytes;
  }

  write(c: StateChunk): void {
    const w = this.w;
    const t = this.time;
    const file = this.file;
    const { n, agent: agents, state, from: froms, to: tos } = c;
    const states = AGENT_STATE_NAMES.length;
    for (let j = 0; j < n; j++) {
      w.ensure(this.rowBound);
      const agent = agents[j];
      const from = froms[j];
      const to = tos[j];
      w.raw(this.head);
      w.uint(agent);
      w.raw(this.middles[this.agentGroup[agent] * states + state[j]]);
      t.write(w, from);
      w.raw(K_TO_TIME);
      t.write(w, to);
      w.raw(K_FROM_S);
      w.decimal(from);
      w.raw(K_TO_S);
      w.decimal(to);
      w.raw(K_SECONDS);
      w.decimal(to - from);
      w.raw(ROW_END);
      if (w.pos >= FLUSH_BYTES) file.write(w);
    }
    if (w.pos > 0) file.write(w);
    file.rows += n;
  }

  commit(): void {
    this.file.commit();
  }

  abort(): void {
    this.file.abort();
  }
}

/**
 * Writes the replication's runs row (written last: its presence says the replication's other two
 * files are complete) under a temporary name, then renames it into place.
 */
export function writeRunsFile(setup: FormatterSetup, run: RunInfo, callRows: number, agentStateRows: number): void {
  const time = new LocalTimeWriter(setup.epochMs, setup.timeZone);
  const [ws, we] = run.window;
  // Rounded to the nanosecond like every time in the records, so comparisons with them are exact.
  const finite = (x: number) => (Number.isFinite(x) ? roundNs(x) : null);
  const iso = (x: number) => (Number.isFinite(x) ? time.format(x) : null);
  const row = {
    variant: setup.variant,
    replication: setup.replication,
    scenario: run.scenario,
    seed: run.seed,
    assignment: setup.assignment,
    time_zone: setup.timeZone,
    start_time: time.format(0),
    window_start_time: iso(ws),
    window_end_time: iso(we),
    window_start_s: finite(ws),
    window_end_s: finite(we),
    end_s: finite(run.endS),
    sl_seconds: run.slSeconds,
    routing_policy: setup.routingPolicy,
    pacing_policy: setup.pacingPolicy,
    call_rows: callRows,
    agent_state_rows: agentStateRows,
  };
  const file = new TableFile(setup.dir, recordFileName('runs', setup.replication, 'ndjson'));
  try {
    const w = new ByteWriter(4096);
    const line = piece(`${JSON.stringify(row)}\n`);
    w.ensure(line.length);
    w.raw(line);
    file.write(w);
    file.commit();
  } catch (err) {
    file.abort();
    throw err;
  }
}

/** x rounded to the nanosecond exactly as the NDJSON writes it (the double a reader parses from the text). */
export function roundNs(x: number): number {
  const w = new ByteWriter(64);
  w.decimal(x);
  return Number(new TextDecoder().decode(w.buf.subarray(0, w.pos)));
}

/** Both tables formatted in this thread (the fallback when no writer thread runs). */
export class ChunkFormatter {
  private readonly setup: FormatterSetup;
  private readonly callsOut: CallFormatter;
  private readonly statesOut: StateFormatter;
  private done = false;

  constructor(setup: FormatterSetup) {
    this.setup = setup;
    this.callsOut = new CallFormatter(setup);
    try {
      this.statesOut = new StateFormatter(setup);
    } catch (err) {
      this.callsOut.abort();
      throw err;
    }
  }

  get stats(): FormatterStats {
    return { callRows: this.callsOut.rows, agentStateRows: this.statesOut.rows, bytes: this.callsOut.bytes + this.statesOut.bytes };
  }

  calls(c: CallChunk): void {
    this.callsOut.write(c);
  }

  states(c: StateChunk): void {
    this.statesOut.write(c);
  }

  /** Renames the two tables into place, then writes the runs row. */
  end(run: RunInfo): FormatterStats {
    if (this.done) throw new Error("records: the replication's files are already closed");
    this.done = true;
    try {
      this.callsOut.commit();
      this.statesOut.commit();
      writeRunsFile(this.setup, run, this.callsOut.rows, this.statesOut.rows);
    } catch (err) {
      this.abort();
      throw err;
    }
    return this.stats;
  }

  abort(): void {
    this.done = true;
    this.callsOut.abort();
    this.statesOut.abort();
  }
}

const K_ATTEMPT = piece('","attempt_no":');
const PHONE_MOBILE = piece(',"phone_type":"mobile"');
const PHONE_LANDLINE = piece(',"phone_type":"landline"');
const K_CUSTOMER = piece(',"customer_id":');
const K_AGENT = piece(',"agent_id":');
const K_ARRIVAL_TIME = piece(',"arrival_time":"');
const K_ANSWER_TIME = piece('","answer_time":"');
const K_CONNECT_TIME = piece('","connect_time":"');
const K_END_TIME = piece('","end_time":"');
const K_ARRIVAL_S = piece('","arrival_s":');
const K_ANSWER_S = piece(',"answer_s":');
const K_CONNECT_S = piece(',"connect_s":');
const K_END_S = piece(',"end_s":');
const K_WAIT = piece(',"wait_s":');
const K_BOT_S = piece(',"bot_s":');
const K_QUEUED_S = piece(',"queued_s":');
const BOT_RESULT_BYTES = BOT_RESULTS.map((x) => piece(`,"bot_result":"${x}"`));
const ALERT_BYTES = ALERT_KINDS.map((x) => piece(`,"alert":"${x}"`));
const COMPLAINT_TRUE = piece(',"complaint":true');
const COMPLAINT_FALSE = piece(',"complaint":false');
const CALLBACK_TRUE = piece(',"callback":true');
const K_TALK = piece(',"talk_s":');
const K_WRAP = piece(',"wrap_s":');
const RIGHT_PARTY_TRUE = piece(',"right_party":true');
const RIGHT_PARTY_FALSE = piece(',"right_party":false');
const CONVERTED_TRUE = piece(',"converted":true');
const CONVERTED_FALSE = piece(',"converted":false');
const K_REVENUE = piece(',"revenue":');
const K_SATISFACTION = piece(',"satisfaction":');
const EFFECTIVE_TRUE = piece(',"effective":true');
const EFFECTIVE_FALSE = piece(',"effective":false');
const K_TO_TIME = piece('","to_time":"');
const K_FROM_S = piece('","from_s":');
const K_TO_S = piece(',"to_s":');
const K_SECONDS = piece(',"seconds":');
const ROW_END = piece('}\n');
