// Replays an interval of real inbound traffic (Anonymous Bank, August 1999) as real SIP calls
// through a Yunhu server started in this process, with time compressed by --factor: arrivals,
// callers' patience and agents' talk times are all divided by it. Prints the measured
// abandonment, mean wait of served calls and AHT (scaled back ×factor) beside the data's own
// figures for the interval, as a table and JSON.
//   npx tsx bench/inbound/replay.ts --date 1999-08-03 --from 10:00 --to 11:00
//     [--factor 20] [--warmup 10] [--csv examples/callcenter/anonymous-bank-1999-08.csv]
//     [--agents N] [--out replay.json]
//
// Set-up: service numbers 5000 (regular customers) and 5002 (priority customers, the data's
// priority 2) run one-node flows that route straight to one queue, with queue priority 0 / 2.
// One simulated SIP agent per distinct `server` name that served a call of the interval registers
// (REGISTER with digest) an extension whose Contact is the agents' engine; it answers at once,
// sends a tone and hangs up after the call's service time ÷ factor. Callers are a second engine:
// each INVITEs at its compressed arrival, sends a tone and hangs up at its patience ÷ factor
// (abandoned in the data: its observed time in queue; served: never — the agent ends the call);
// a caller stops counting once an agent answers, as a person who hears the agent would (the
// agents' engine tells the callers' engine in process; the calls themselves are real SIP).
// --agents overrides the data's agent count to see which always-on staffing matches the data.
// Calls of the --warmup minutes before --from are replayed too (agents start busy, as in the
// data) but only the interval's calls are measured.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, loadavg } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../../server/src/main.ts';
import { callsDb, setSipPassword } from '../../server/src/modules/calls/index.ts';
import { saveQueue } from '../../server/src/modules/inbound/index.ts';
import { saveIvrFlow } from '../../server/src/modules/ivr/index.ts';
import { DEFAULT_TENANT_ID } from '../../server/src/modules/tenants/index.ts';
import { tone } from '../../server/src/telephony/audio/index.ts';
import { createTelephony, type Call } from '../../server/src/telephony/index.ts';
import { busyAgents, clockArg, dataFigures, readInterval, type BankCall } from './bank-interval.ts';
import { measuredFigures, printReport, type ReplayedCall } from './replay-report.ts';
import { register } from './sip-register.ts';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}

function positive(name: string, fallback: string): number {
  const value = Number(arg(name, fallback));
  if (!Number.isFinite(value) || value < 0) throw new Error(`--${name}: expected a number ≥ 0`);
  return value;
}

const csv = arg('csv', 'examples/callcenter/anonymous-bank-1999-08.csv');
const date = arg('date', '1999-08-03');
const from = clockArg(arg('from', '10:00'), 'from');
const to = clockArg(arg('to', '11:00'), 'to');
if (to <= from) throw new Error(`--to must be after --from`);
const factor = positive('factor', '20');
if (factor < 1) throw new Error('--factor: expected ≥ 1 (20 = twenty times faster)');
const warmup = positive('warmup', '10') * 60;
const out = arg('out', '');

const TENANT = DEFAULT_TENANT_ID;
const PASSWORD = 'replay-secret';
const QUEUE = 'replay-bank';
const scaled = (seconds: number): number => (seconds * 1000) / factor;

const all = readInterval(csv, date, from - warmup, to);
const measured = all.filter((c) => c.arrival >= from);
const data = dataFigures(measured);
if (data.calls === 0) throw new Error(`${csv}: no queued calls on ${date} in the interval`);
const agentCount = Math.round(positive('agents', String(data.agents)));
if (agentCount < 1) throw new Error('--agents: expected at least 1');
// Service times of the interval, for callers the data saw abandon but the replay serves.
const serviceTimes = measured.filter((c) => c.outcome === 'served').map((c) => c.serviceSeconds);
const callerNumber = (i: number) => `1390000${String(i).padStart(4, '0')}`;

const dir = mkdtempSync(join(tmpdir(), 'yunhu-replay-'));
const server = await startServer({
  env: {
    YUNHU_DATA_DIR: dir,
    YUNHU_HTTP_HOST: '127.0.0.1',
    YUNHU_HTTP_PORT: '0',
    YUNHU_DEMO: '0',
    YUNHU_LOG_LEVEL: 'silent',
    YUNHU_SIP_HOST: '127.0.0.1',
    YUNHU_RTP_PORTS: '41000-41999',
  },
  print: () => undefined,
  exitOnSignal: false,
  sipPort: 0,
});
const agents = await createTelephony({
  host: '127.0.0.1',
  sipPort: 0,
  rtpPorts: { from: 42000, to: 42499 },
});
const callers = await createTelephony({
  host: '127.0.0.1',
  sipPort: 0,
  rtpPorts: { from: 42500, to: 43499 },
});
const pcm = tone(425, 1000, 1500);

try {
  const { ctx } = server;
  const now = ctx.clock.now();
  await saveQueue(ctx, {
    id: QUEUE,
    tenantId: TENANT,
    name: '银行热线回放',
    skill: 'bank',
    settings: { record: false, wrapUpMs: 0, maxWaitMs: 3_600_000, ringTimeoutMs: 15_000 },
  });
  for (const [number, priority] of [
    ['5000', 0],
    ['5002', 2],
  ] as const) {
    const flowId = `replay-${number}`;
    await saveIvrFlow(
      ctx.db,
      TENANT,
      {
        id: flowId,
        name: `回放 ${number}`,
        language: 'zh',
        start: 'queue',
        nodes: { queue: { verb: 'queue', queueId: QUEUE, priority, skills: ['bank'] } },
      },
      { now },
    );
    await callsDb(ctx.db)
      .insertInto('service_numbers')
      .values({ tenant_id: TENANT, number, flow: JSON.stringify({ flowId }), created_at: now })
      .execute();
  }
  const agentIds: string[] = [];
  for (let i = 1; i <= agentCount; i++) {
    const id = `agent_replay_${i}`;
    await ctx.db.kysely
      .insertInto('agents')
      .values({
        id,
        tenant_id: TENANT,
        user_id: null,
        name: `回放坐席 ${i}`,
        extension: String(2000 + i),
        team_id: null,
        skills: JSON.stringify([{ skill: 'bank', level: 1 }]),
        sip_password: null,
        external_ref: null,
        created_at: now,
      })
      .execute();
    await setSipPassword(ctx, TENANT, id, PASSWORD);
    agentIds.push(id);
  }

  // The simulated agents: answer at once, talk for the call's service time ÷ factor.
  const yunhuPort = server.telephony!.ports.udp!;
  let agentAnswered = 0;
  /** Patience timers of callers in queue, by caller index: cleared when an agent answers. */
  const patience = new Map<number, NodeJS.Timeout>();
  agents.calls.onIncomingCall((call: Call) => {
    const user = /sips?:(\d+)@/.exec(call.from)?.[1] ?? '';
    const index = Number(user.slice(7));
    const bank = all[index];
    const serviceSeconds =
      bank?.outcome === 'served'
        ? bank.serviceSeconds
        : (serviceTimes[index % serviceTimes.length] ?? 0);
    void call.answer().then((outcome) => {
      if (!outcome.ok) return;
      agentAnswered++;
      clearTimeout(patience.get(index));
      void call.play(pcm, { loop: true });
      const timer = setTimeout(() => void call.hangup(), scaled(serviceSeconds));
      void call.ended().then(() => clearTimeout(timer));
    });
  });
  for (let i = 1; i <= agentCount; i++)
    await register(agents.ua, {
      registrarPort: yunhuPort,
      user: String(2000 + i),
      password: PASSWORD,
      contactPort: agents.ports.udp!,
    });
  const desk = await server.inbound!.desk(TENANT);
  const deadline = Date.now() + 10_000;
  while (!agentIds.every((id) => desk.acd.agentState(id)?.status === 'ready')) {
    if (Date.now() > deadline) throw new Error('agents did not become ready within 10 s');
    await new Promise((r) => setTimeout(r, 50));
  }

  // The callers, at their compressed arrival times.
  const replayed: ReplayedCall[] = all.map((bank) => ({ bank, lateMs: null, failed: null }));
  const finished: Array<Promise<unknown>> = [];
  const t0 = Date.now();
  const place = async (bank: BankCall, i: number): Promise<void> => {
    const record = replayed[i]!;
    record.lateMs = Date.now() - t0 - scaled(bank.arrival - (from - warmup));
    const { call, answered } = await callers.calls.originate({
      uri: `sip:${bank.priority === 2 ? '5002' : '5000'}@127.0.0.1:${yunhuPort}`,
      from: `<sip:${callerNumber(i)}@127.0.0.1>`,
      timeoutMs: 10_000,
    });
    const outcome = await answered;
    if (!outcome.ok) {
      record.failed = `${outcome.status} ${outcome.reason}`;
      return;
    }
    void call.play(pcm, { loop: true });
    // Served callers wait as long as it takes; the agent ends the call.
    if (bank.outcome === 'abandoned') {
      const timer = setTimeout(() => void call.hangup(), scaled(bank.queueSeconds));
      patience.set(i, timer);
      void call.ended().then(() => clearTimeout(timer));
    }
    await call.ended();
  };
  all.forEach((bank, i) => {
    const at = scaled(bank.arrival - (from - warmup));
    finished.push(
      new Promise((r) => setTimeout(r, at)).then(() =>
        place(bank, i).catch((error: unknown) => {
          replayed[i]!.failed = String(error);
        }),
      ),
    );
  });
  await Promise.all(finished);
  const runSeconds = (Date.now() - t0) / 1000;
  // Records are finalised asynchronously after the last BYE.
  await Promise.race([server.inbound!.drain(), new Promise((r) => setTimeout(r, 10_000))]);

  const rows = await ctx.db.kysely
    .selectFrom('call_records')
    .select([
      'caller',
      'disposition',
      'queue_entry_at',
      'queue_exit_at',
      'agent_answer_at',
      'end_at',
      'agent_id',
    ])
    .where('tenant_id', '=', TENANT)
    .where('direction', '=', 'inbound')
    .execute();
  const byIndex = new Map<number, (typeof rows)[number]>();
  for (const row of rows) {
    const number = row.caller ? ctx.cipher.open(row.caller) : '';
    byIndex.set(Number(number.slice(7)), row);
  }
  const firstMeasured = all.findIndex((c) => c.arrival >= from);
  const measuredCalls = replayed.slice(firstMeasured).map((r, k) => {
    const row = byIndex.get(firstMeasured + k);
    return {
      ...r,
      disposition: row?.disposition ?? null,
      queueEntryAt: row?.queue_entry_at == null ? null : Number(row.queue_entry_at),
      queueExitAt: row?.queue_exit_at == null ? null : Number(row.queue_exit_at),
      agentAnswerAt: row?.agent_answer_at == null ? null : Number(row.agent_answer_at),
      endAt: row?.end_at == null ? null : Number(row.end_at),
    };
  });
  // Agents talking during the measured window, in real time: [t0 + warm-up, + interval].
  const winStart = t0 + scaled(warmup);
  const winEnd = winStart + scaled(to - from);
  let busyMs = 0;
  for (const row of rows) {
    if (row.agent_answer_at == null || row.end_at == null) continue;
    const a = Number(row.agent_answer_at);
    busyMs += Math.max(0, Math.min(winEnd, Number(row.end_at)) - Math.max(winStart, a));
  }
  const replay = {
    ...measuredFigures(measuredCalls, factor),
    meanBusyAgents: rows.length ? busyMs / (winEnd - winStart) : null,
  };
  printReport({
    interval: { csv, date, from: arg('from', '10:00'), to: arg('to', '11:00') },
    factor,
    warmupMinutes: warmup / 60,
    agents: agentCount,
    replayedCalls: all.length,
    agentAnswers: agentAnswered,
    runSeconds,
    loadAverage: loadavg().map((l) => Math.round(l * 100) / 100),
    data: { ...data, meanBusyAgents: busyAgents(all, from, to) },
    replay,
    out,
    write: (path, text) => writeFileSync(path, text),
  });
} finally {
  await callers.close();
  await agents.close();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
}
