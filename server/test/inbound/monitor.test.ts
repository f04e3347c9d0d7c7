// Listen / whisper / barge end to end on real peers: three baresip phones — a caller (440 Hz)
// dialling a service number that queues straight away, agent 1001 (1000 Hz) auto-answering, and
// the supervisor's own extension 1009 (600 Hz) — and POST /api/calls/:id/monitor switching
// modes during the call. What each phone decoded (baresip's sndfile dumps) shows who heard whom.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callsDb, setSipPassword } from '../../src/modules/calls/index.ts';
import { createUser } from '../../src/modules/auth/index.ts';
import { saveIvrFlow } from '../../src/modules/ivr/index.ts';
import { encodeWav, parseWav, tone } from '../../src/telephony/audio/index.ts';
import { login } from '../http/helpers.ts';
import { level } from '../media/goertzel.ts';
import { freePort, start } from '../sip/harness.ts';
import {
  inboundTestServer,
  SIP_PASSWORD,
  startBaresipAgent,
  TENANT,
  until,
  type Baresip,
  type InboundTestServer,
} from './harness.ts';

const HZ = { caller: 440, agent: 1000, supervisor: 600 };
let t: InboundTestServer;
let agent: Baresip;
let supervisor: Baresip;
let callerDir: string;

/** baresip without registration that dials `uri` at start and sends a tone. */
async function startBaresipCaller(uri: string, rtpBase: number): Promise<Baresip> {
  const dir = mkdtempSync(join(tmpdir(), 'yunhu-baresip-caller-'));
  writeFileSync(
    join(dir, 'send.wav'),
    encodeWav({ samples: tone(HZ.caller, 30_000, 8000, 8000), sampleRate: 8000, channels: 1 }),
  );
  const port = await freePort();
  writeFileSync(
    join(dir, 'config'),
    [
      `sip_listen 127.0.0.1:${port}`,
      'audio_player aubridge,nowhere',
      'audio_alert aubridge,nowhere',
      `audio_source aufile,${join(dir, 'send.wav')}`,
      `rtp_ports ${rtpBase}-${rtpBase + 19}`,
      'rtcp_mux no',
      'net_interface 127.0.0.1',
      'module_path /usr/lib/baresip/modules',
      'module g711.so',
      'module aufile.so',
      'module aubridge.so',
      'module sndfile.so',
      'module menu.so',
      'module_app account.so',
      `snd_path ${dir}`,
      '',
    ].join('\n'),
  );
  writeFileSync(join(dir, 'accounts'), '<sip:13800138000@127.0.0.1>;regint=0;audio_codecs=PCMU\n');
  let log = '';
  const child = start('baresip', ['-4', '-f', dir, '-e', `/dial ${uri}`], { cwd: dir });
  child.stdout?.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  return { child, dir, log: () => log };
}

/** What a phone decoded between two wall-clock instants, given when its dump started. */
function heard(dir: string, startedAt: number, from: number, to: number): Int16Array {
  const dump = readdirSync(dir).find((f) => f.endsWith('dec.wav'));
  if (!dump) throw new Error(`no decoder dump in ${dir}`);
  const { samples } = parseWav(readFileSync(join(dir, dump)));
  const at = (ms: number) => Math.max(0, Math.round(((ms - startedAt) / 1000) * 8000));
  return samples.subarray(at(from), at(to));
}

beforeAll(async () => {
  t = await inboundTestServer('18000-18099', { record: true, wrapUpMs: 1000 });
  const { ctx } = t.server;
  await saveIvrFlow(ctx.db, TENANT, {
    id: 'direct-4001',
    name: '直接排队',
    language: 'zh',
    start: 'queue',
    nodes: { queue: { verb: 'queue', queueId: t.demo.serviceQueueId, skills: ['service'] } },
  });
  await callsDb(ctx.db)
    .insertInto('service_numbers')
    .values({
      tenant_id: TENANT,
      number: '4001',
      flow: JSON.stringify({ flowId: 'direct-4001' }),
      created_at: ctx.clock.now(),
    })
    .execute();
  const user = await createUser(ctx, TENANT, {
    username: 'monitor-sup',
    password: 'monitor password 1',
    role: 'supervisor',
  });
  await createUser(ctx, TENANT, {
    username: 'monitor-agent',
    password: 'monitor password 1',
    role: 'agent',
  });
  // The supervisor's seat: an extension for its phone, no skills (never offered queue calls).
  await ctx.db.kysely
    .insertInto('agents')
    .values({
      id: 'agent_sup_1009',
      tenant_id: TENANT,
      user_id: user.id,
      name: '班长',
      extension: '1009',
      team_id: null,
      skills: '[]',
      sip_password: null,
      external_ref: null,
      created_at: ctx.clock.now(),
    })
    .execute();
  await setSipPassword(ctx, TENANT, 'agent_sup_1009', SIP_PASSWORD);
  const port = t.server.telephony!.ports.udp!;
  agent = await startBaresipAgent(port, '1001', SIP_PASSWORD, 18200, HZ.agent);
  supervisor = await startBaresipAgent(port, '1009', SIP_PASSWORD, 18220, HZ.supervisor);
  const registrar = t.server.telephony!.registrar!;
  await until('1001 and 1009 to register', () =>
    ['1001', '1009'].every((e) => registrar.lookup(e).length > 0),
  );
}, 60_000);

afterAll(async () => {
  await t?.close();
  for (const dir of [agent?.dir, supervisor?.dir, callerDir])
    if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('supervisor monitoring a live call', () => {
  it('listen hears both and is heard by none; whisper reaches the agent only; barge both', async () => {
    const { server } = t;
    const sup = await login(server.app, TENANT, 'monitor-sup', 'monitor password 1');
    const agentCookie = await login(server.app, TENANT, 'monitor-agent', 'monitor password 1');
    const post = (cookie: string, id: string, payload: unknown) =>
      server.app.inject({
        method: 'POST',
        url: `/api/calls/${id}/monitor`,
        headers: { cookie },
        payload: payload as Record<string, unknown>,
      });

    const caller = await startBaresipCaller(
      `sip:4001@127.0.0.1:${server.telephony!.ports.udp!}`,
      18240,
    );
    callerDir = caller.dir;
    await until(
      'the call to be bridged',
      () => t.events.some((e) => e.name === 'inbound.bridged'),
      30_000,
      caller.log,
    );
    const callId = String(t.events.find((e) => e.name === 'inbound.bridged')!.payload.callId);

    // Agents may not monitor; a bad mode names the field; an unknown call is 404.
    expect((await post(agentCookie, callId, { mode: 'listen' })).statusCode).toBe(403);
    const bad = await post(sup, callId, { mode: 'spy' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: { where: 'mode' } });
    expect((await post(sup, 'call_nope', { mode: 'listen' })).statusCode).toBe(404);

    const phases: Array<{ mode: 'listen' | 'whisper' | 'barge'; from: number; to: number }> = [];
    let supervisorJoinedAt = 0;
    for (const mode of ['listen', 'whisper', 'barge'] as const) {
      const res = await post(sup, callId, { mode });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ callId, mode, changed: mode !== 'listen' });
      const switched = Date.now();
      if (mode === 'listen') supervisorJoinedAt = switched;
      await new Promise((r) => setTimeout(r, 2500));
      phases.push({ mode, from: switched + 500, to: Date.now() - 300 });
    }
    await server.inbound!.queueCalls(TENANT)[0]!.call.hangup();
    // The supervisor's leg ends with the call.
    await until('the supervisor leg to end with the call', () =>
      /terminated/.test(supervisor.log()),
    );
    await until('the call record to be final', () =>
      t.events.some((e) => e.name === 'inbound.ended'),
    );

    const record = await server.ctx.db.kysely
      .selectFrom('call_records')
      .select(['answer_at', 'agent_answer_at'])
      .where('id', '=', callId)
      .executeTakeFirstOrThrow();
    const started = {
      caller: Number(record.answer_at),
      agent: Number(record.agent_answer_at),
      supervisor: supervisorJoinedAt,
    };
    const dirs = { caller: caller.dir, agent: agent.dir, supervisor: supervisor.dir };
    await until('three decoder dumps', () =>
      Object.values(dirs).every((d) => readdirSync(d).some((f) => f.endsWith('dec.wav'))),
    );
    await new Promise((r) => setTimeout(r, 500)); // dumps are closed after the BYE
    const got: Record<string, Record<string, number>> = {};
    for (const p of phases) {
      for (const who of ['caller', 'agent', 'supervisor'] as const) {
        const pcm = heard(dirs[who], started[who], p.from, p.to);
        got[`${p.mode} ${who}`] = Object.fromEntries(
          Object.entries(HZ).map(([k, hz]) => [k, Math.round(level(pcm, hz))]),
        );
      }
    }
    const table = JSON.stringify(got);
    const on = (phase: string, who: string, source: string) =>
      got[`${phase} ${who}`]![source]! > 1000;
    const off = (phase: string, who: string, source: string) =>
      got[`${phase} ${who}`]![source]! < 250;
    for (const mode of ['listen', 'whisper', 'barge']) {
      expect(on(mode, 'supervisor', 'caller') && on(mode, 'supervisor', 'agent'), table).toBe(true);
      expect(on(mode, 'caller', 'agent') && on(mode, 'agent', 'caller'), table).toBe(true);
    }
    expect(
      off('listen', 'caller', 'supervisor') && off('listen', 'agent', 'supervisor'),
      table,
    ).toBe(true);
    expect(
      off('whisper', 'caller', 'supervisor') && on('whisper', 'agent', 'supervisor'),
      table,
    ).toBe(true);
    expect(on('barge', 'caller', 'supervisor') && on('barge', 'agent', 'supervisor'), table).toBe(
      true,
    );

    // Audited: three monitor sessions/changes as personal-data accesses in scope, and the
    // agent's attempt refused by role.
    const rows = await server.ctx.db.kysely
      .selectFrom('audit_log')
      .select(['outcome', 'personal_data', 'in_scope', 'detail'])
      .where('action', '=', 'POST /api/calls/:id/monitor')
      .execute();
    expect(rows.filter((r) => r.outcome === 'allowed').map((r) => r.detail)).toEqual([
      'monitor listen',
      'monitor whisper',
      'monitor barge',
    ]);
    expect(
      rows.filter((r) => r.outcome === 'allowed').every((r) => Number(r.personal_data) === 1),
    ).toBe(true);
    expect(rows.some((r) => r.outcome === 'denied')).toBe(true);
  }, 120_000);
});
