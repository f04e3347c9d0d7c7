// An interval of the Anonymous Bank call-centre data (examples/callcenter/anonymous-bank-1999-08.csv)
// as calls to replay, and the data's own figures for it. A call belongs to the interval when it
// left the VRU (= entered the queue, or went straight to an agent) within [from, to). Calls that
// hung up in the VRU never queued and are not replayed; PHANTOM rows are ignored (README).
import { readFileSync } from 'node:fs';

export interface BankCall {
  /** Row number in the CSV (1 = first data row), for messages. */
  line: number;
  /** Seconds of the day the call left the VRU (queue entry). */
  arrival: number;
  /** 0/1 regular, 2 priority customer. */
  priority: number;
  outcome: 'served' | 'abandoned';
  /** Seconds in queue (abandoned: the observed patience). */
  queueSeconds: number;
  /** Seconds with the agent (served only, else 0). */
  serviceSeconds: number;
  server: string | null;
}

export interface DataFigures {
  calls: number;
  served: number;
  abandoned: number;
  /** abandoned ÷ (served + abandoned), as in the README's figure. */
  abandonRate: number | null;
  meanWaitServedSeconds: number | null;
  meanWaitAbandonedSeconds: number | null;
  ahtSeconds: number | null;
  /** Distinct agents (server names) that served a call of the interval. */
  agents: number;
}

const seconds = (clock: string, where: string): number => {
  const m = /^(\d{1,2}):(\d{2}):(\d{2})$/.exec(clock);
  if (!m) throw new Error(`${where}: "${clock}" is not a time H:MM:SS`);
  return Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]);
};

/** `HH:MM` → seconds of the day; a clear error for anything else. */
export function clockArg(value: string, name: string): number {
  const m = /^(\d{1,2}):(\d{2})$/.exec(value);
  if (!m || Number(m[1]) > 24 || Number(m[2]) > 59)
    throw new Error(`--${name} "${value}": expected HH:MM (e.g. 10:00)`);
  return Number(m[1]) * 3600 + Number(m[2]) * 60;
}

/** Calls of `date` whose queue entry lies in [from, to) seconds of the day. */
export function readInterval(path: string, date: string, from: number, to: number): BankCall[] {
  if (!/^1999-08-\d{2}$/.test(date)) throw new Error(`--date "${date}": expected 1999-08-DD`);
  const lines = readFileSync(path, 'utf8').split('\n');
  const header = (lines[0] ?? '').split(',');
  const col = (name: string): number => {
    const i = header.indexOf(name);
    if (i < 0) throw new Error(`${path}: no column "${name}" in the header`);
    return i;
  };
  const c = {
    date: col('date'),
    vruExit: col('vru_exit'),
    qStart: col('q_start'),
    qTime: col('q_time'),
    outcome: col('outcome'),
    serTime: col('ser_time'),
    server: col('server'),
    priority: col('priority'),
  };
  const calls: BankCall[] = [];
  for (let i = 1; i < lines.length; i++) {
    const f = (lines[i] ?? '').split(',');
    if (f[c.date] !== date) continue;
    const where = `${path} line ${i + 1}`;
    const outcome = f[c.outcome];
    if (outcome === 'PHANTOM') continue;
    const arrival = seconds(f[c.vruExit] ?? '', where);
    if (arrival < from || arrival >= to) continue;
    const queued = f[c.qStart] !== '0:00:00';
    if (outcome === 'HANG' && !queued) continue; // left in the VRU
    if (outcome !== 'AGENT' && outcome !== 'HANG')
      throw new Error(`${where}: outcome "${outcome}" is not AGENT, HANG or PHANTOM`);
    const served = outcome === 'AGENT';
    calls.push({
      line: i,
      arrival,
      priority: Number(f[c.priority]),
      outcome: served ? 'served' : 'abandoned',
      queueSeconds: Number(f[c.qTime]),
      serviceSeconds: served ? Number(f[c.serTime]) : 0,
      server: served ? (f[c.server] ?? null) : null,
    });
  }
  return calls.sort((a, b) => a.arrival - b.arrival || a.line - b.line);
}

/**
 * Mean number of agents talking during [from, to): service time inside the window ÷ its length.
 * Pass the warm-up calls too, so that services begun before `from` count.
 */
export function busyAgents(calls: BankCall[], from: number, to: number): number {
  let busy = 0;
  for (const c of calls) {
    if (c.outcome !== 'served') continue;
    const start = c.arrival + c.queueSeconds;
    busy += Math.max(0, Math.min(to, start + c.serviceSeconds) - Math.max(from, start));
  }
  return busy / (to - from);
}

const mean = (xs: number[]): number | null =>
  xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : null;

export function dataFigures(calls: BankCall[]): DataFigures {
  const served = calls.filter((c) => c.outcome === 'served');
  const abandoned = calls.filter((c) => c.outcome === 'abandoned');
  return {
    calls: calls.length,
    served: served.length,
    abandoned: abandoned.length,
    abandonRate: calls.length ? abandoned.length / calls.length : null,
    meanWaitServedSeconds: mean(served.map((c) => c.queueSeconds)),
    meanWaitAbandonedSeconds: mean(abandoned.map((c) => c.queueSeconds)),
    ahtSeconds: mean(served.map((c) => c.serviceSeconds)),
    agents: new Set(served.map((c) => c.server)).size,
  };
}
