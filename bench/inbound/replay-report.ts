// Figures of a replay run from Yunhu's own call records, scaled back to the data's time (×factor),
// and the report printed beside the data's figures (Markdown table + JSON).
import type { BankCall, DataFigures } from './bank-interval.ts';

export interface ReplayedCall {
  bank: BankCall;
  /** How late the INVITE left against its compressed arrival time (real ms). */
  lateMs: number | null;
  /** Why the call never reached Yunhu's queue (INVITE failed), else null. */
  failed: string | null;
}

export interface MeasuredCall extends ReplayedCall {
  disposition: string | null;
  queueEntryAt: number | null;
  queueExitAt: number | null;
  agentAnswerAt: number | null;
  endAt: number | null;
}

export interface MeasuredFigures {
  calls: number;
  served: number;
  abandoned: number;
  /** Calls without a served/abandoned record (failed INVITE, other disposition). */
  other: number;
  abandonRate: number | null;
  meanWaitServedSeconds: number | null;
  meanWaitAbandonedSeconds: number | null;
  ahtSeconds: number | null;
  /** Replay talk (×factor) − the data's service time, mean over calls served in both. */
  talkErrorSeconds: number | null;
  /** Same outcome as in the data, and the two ways they differ. */
  outcomes: { same: number; dataServedReplayAbandoned: number; dataAbandonedReplayServed: number };
  /** INVITE lateness against the compressed schedule, real milliseconds. */
  lateMs: { median: number | null; max: number | null };
}

const mean = (xs: number[]): number | null =>
  xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : null;

export function measuredFigures(calls: MeasuredCall[], factor: number): MeasuredFigures {
  const served = calls.filter((c) => c.disposition === 'served');
  const abandoned = calls.filter((c) => c.disposition === 'abandoned');
  const dataTime = (ms: number) => (ms / 1000) * factor;
  const waits = (list: MeasuredCall[]) =>
    list
      .filter((c) => c.queueEntryAt !== null && c.queueExitAt !== null)
      .map((c) => dataTime(c.queueExitAt! - c.queueEntryAt!));
  const late = calls
    .map((c) => c.lateMs)
    .filter((x): x is number => x !== null)
    .sort((a, b) => a - b);
  const both = served.length + abandoned.length;
  return {
    calls: calls.length,
    served: served.length,
    abandoned: abandoned.length,
    other: calls.length - both,
    abandonRate: both ? abandoned.length / both : null,
    meanWaitServedSeconds: mean(waits(served)),
    meanWaitAbandonedSeconds: mean(waits(abandoned)),
    ahtSeconds: mean(
      served
        .filter((c) => c.agentAnswerAt !== null && c.endAt !== null)
        .map((c) => dataTime(c.endAt! - c.agentAnswerAt!)),
    ),
    talkErrorSeconds: mean(
      served
        .filter((c) => c.bank.outcome === 'served' && c.agentAnswerAt !== null && c.endAt !== null)
        .map((c) => dataTime(c.endAt! - c.agentAnswerAt!) - c.bank.serviceSeconds),
    ),
    outcomes: {
      same: calls.filter(
        (c) =>
          (c.bank.outcome === 'served' && c.disposition === 'served') ||
          (c.bank.outcome === 'abandoned' && c.disposition === 'abandoned'),
      ).length,
      dataServedReplayAbandoned: calls.filter(
        (c) => c.bank.outcome === 'served' && c.disposition === 'abandoned',
      ).length,
      dataAbandonedReplayServed: calls.filter(
        (c) => c.bank.outcome === 'abandoned' && c.disposition === 'served',
      ).length,
    },
    lateMs: {
      median: late.length ? late[Math.floor(late.length / 2)]! : null,
      max: late.length ? late[late.length - 1]! : null,
    },
  };
}

export interface ReplayReport {
  interval: { csv: string; date: string; from: string; to: string };
  factor: number;
  warmupMinutes: number;
  agents: number;
  replayedCalls: number;
  agentAnswers: number;
  runSeconds: number;
  loadAverage: number[];
  data: DataFigures & { meanBusyAgents: number };
  replay: MeasuredFigures & { meanBusyAgents: number | null };
  out: string;
  write(path: string, text: string): void;
}

const pct = (x: number | null) => (x === null ? 'no data' : `${(x * 100).toFixed(1)} %`);
const sec = (x: number | null) => (x === null ? 'no data' : `${x.toFixed(1)} s`);

export function printReport(report: ReplayReport): void {
  const { data, replay } = report;
  const { out, write, ...json } = report;
  const lines = [
    `Replay ${report.interval.date} ${report.interval.from}–${report.interval.to}, ` +
      `×${report.factor}, ${report.agents} agents, warm-up ${report.warmupMinutes} min, ` +
      `${report.replayedCalls} calls placed in ${report.runSeconds.toFixed(0)} s ` +
      `(load ${report.loadAverage.join(' ')})`,
    '',
    '| figure | data | replay (×factor) |',
    '| --- | --- | --- |',
    `| calls that queued | ${data.calls} | ${replay.calls} (${replay.other} other/failed) |`,
    `| served / abandoned | ${data.served} / ${data.abandoned} | ${replay.served} / ${replay.abandoned} |`,
    `| abandonment | ${pct(data.abandonRate)} | ${pct(replay.abandonRate)} |`,
    `| mean wait, served | ${sec(data.meanWaitServedSeconds)} | ${sec(replay.meanWaitServedSeconds)} |`,
    `| mean wait, abandoned | ${sec(data.meanWaitAbandonedSeconds)} | ${sec(replay.meanWaitAbandonedSeconds)} |`,
    `| AHT (talk) | ${sec(data.ahtSeconds)} | ${sec(replay.ahtSeconds)} |`,
    `| agents | ${data.agents} | ${report.agents} (always on) |`,
    `| mean agents talking | ${data.meanBusyAgents.toFixed(2)} | ${replay.meanBusyAgents?.toFixed(2) ?? 'no data'} |`,
    '',
    `Same outcome as the data: ${replay.outcomes.same} of ${replay.calls}; data served → replay ` +
      `abandoned ${replay.outcomes.dataServedReplayAbandoned}; data abandoned → replay served ` +
      `${replay.outcomes.dataAbandonedReplayServed}. Talk time error on calls served in both ` +
      `${sec(replay.talkErrorSeconds)} (data time). INVITE lateness median ` +
      `${replay.lateMs.median ?? 'no data'} ms, max ${replay.lateMs.max ?? 'no data'} ms (real time).`,
  ];
  process.stdout.write(`${lines.join('\n')}\n\n${JSON.stringify(json, null, 2)}\n`);
  if (out) write(out, `${JSON.stringify(json, null, 2)}\n`);
}
