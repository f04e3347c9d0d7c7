import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/modules/auth/index.ts';
import { saveComplianceSettings } from '../../src/modules/compliance/index.ts';
import { startSipSimulator, type SipSimulator } from '../../src/modules/dialer/index.ts';
import { silentLogger } from '../../src/platform/index.ts';
import { createTelephony, type Telephony } from '../../src/telephony/index.ts';
import { as, json, login, PASSWORD, type Json } from '../http/helpers.ts';
import {
  inboundTestServer,
  SIP_PASSWORD,
  startBaresipAgent,
  TENANT,
  until,
  type Baresip,
  type InboundTestServer,
} from '../inbound/harness.ts';

// A campaign started through the HTTP API on a running server (startServer, SIP on loopback):
// the runner takes the server's engine, finds the agent by its registered phone (baresip as
// extension 1001, auto-answer), dials the callee simulator on a second engine, and connects each
// answered callee to that phone. Checks records, entry states and the API's progress figures.

const NUMBERS = ['+8613800138001', '+8613800138002', '+8613800138003'];

describe('campaign started over the API on a live server (real SIP, baresip agent)', () => {
  let t: InboundTestServer;
  let carrier: Telephony;
  let sim: SipSimulator;
  let phone: Baresip;
  let supervisor: ReturnType<typeof as>;
  const carrierOffers: string[] = [];

  beforeAll(async () => {
    const base = 26_000 + Math.floor(Math.random() * 100) * 60;
    t = await inboundTestServer(`${base}-${base + 39}`, {});
    const { ctx } = t.server;
    // The server runs on the real clock: open the calling window all day so the test does not
    // depend on the hour it runs at (the window rule has its own tests).
    await saveComplianceSettings(
      ctx.db,
      TENANT,
      { windows: [{ from: '00:00', to: '24:00' }] },
      ctx.clock.now(),
    );
    await createUser(ctx, TENANT, { username: 'sup', password: PASSWORD, role: 'supervisor' });
    supervisor = as(t.server.app, await login(t.server.app, TENANT, 'sup'));
    carrier = await createTelephony({
      host: '127.0.0.1',
      sipPort: 0,
      rtpPorts: { from: base + 40, to: base + 59 },
      logger: silentLogger,
    });
    sim = startSipSimulator({
      calls: carrier.calls,
      seed: 5,
      timeScale: 0.01,
      stats: { answerProbability: 1 },
    });
    carrier.ua.onInvite = ((wrapped) => (invite) => {
      carrierOffers.push(/sip:([^@]+)@/.exec(invite.request.uri)?.[1] ?? '');
      wrapped?.(invite);
    })(carrier.ua.onInvite);
    phone = await startBaresipAgent(
      t.server.telephony!.ports.udp!,
      '1001',
      SIP_PASSWORD,
      base + 100,
      440,
    );
    await until('baresip registered', () =>
      Boolean(t.server.telephony!.registrar?.lookup('1001').length),
    );
  }, 60_000);

  afterAll(async () => {
    await sim?.stop();
    await carrier?.close();
    await t?.close();
  });

  it('dials every lead, connects each to the registered agent, and reports it', async () => {
    const leadIds: string[] = [];
    for (const [i, phoneNumber] of NUMBERS.entries()) {
      const customer = json(
        await supervisor.post('/api/customers', { name: `客户${i}`, phone: phoneNumber }),
      );
      leadIds.push(
        String(json(await supervisor.post('/api/leads', { customerId: customer.id })).id),
      );
    }
    const created = await supervisor.post('/api/dialer/campaigns', {
      name: '在线外呼',
      dialMode: 'progressive',
      leadIds,
      settings: {
        trunk: { uri: `sip:{number}@127.0.0.1:${carrier.ports.udp}` },
        callerIds: ['+861080000001'],
        company: '云呼测试公司',
        ringTimeoutMs: 15_000,
        wrapUpMs: 300,
        // A callee who does not answer (the simulator's slow answerers ring out or fail fast) is
        // tried again at once.
        retry: {
          busy: { afterMinutes: 0 },
          no_answer: { afterMinutes: 0 },
          failed: { afterMinutes: 0 },
        },
      },
    });
    expect(created.statusCode).toBe(201);
    const id = String(json(created).id);
    const started = await supervisor.post(`/api/dialer/campaigns/${id}/start`, {});
    expect(started.statusCode).toBe(200);

    let last: Json = {};
    const progress = async () => {
      last = json(await supervisor.get(`/api/dialer/campaigns/${id}`));
      return last;
    };
    await until(
      'every entry reached',
      async () => ((await progress()).progress as Json).finalEntries === NUMBERS.length,
      60_000,
      () =>
        `${phone.log().slice(-500)}\n${JSON.stringify({ progress: last.progress, live: last.live })}`,
    );
    const agent = await t.server.ctx.db.kysely
      .selectFrom('agents')
      .select('id')
      .where('extension', '=', '1001')
      .executeTakeFirstOrThrow();
    const records = await t.server.ctx.db.kysely
      .selectFrom('call_records')
      .select(['disposition', 'agent_id', 'answer_at', 'agent_answer_at', 'source'])
      .where('campaign_id', '=', id)
      .execute();
    const connected = records.filter((r) => r.disposition === 'connected');
    expect(connected).toHaveLength(3);
    for (const r of connected) {
      expect(r).toMatchObject({ agent_id: agent.id, source: 'dialer' });
      expect(Number(r.agent_answer_at) - Number(r.answer_at)).toBeLessThanOrEqual(2000);
    }
    // The others were not answered and were retried.
    for (const r of records.filter((x) => x.disposition !== 'connected')) {
      expect(['no_answer', 'busy', 'failed']).toContain(r.disposition);
      expect(r).toMatchObject({ answer_at: null, agent_id: null });
    }
    expect([...new Set(carrierOffers)].sort()).toEqual(NUMBERS);
    expect(carrierOffers).toHaveLength(records.length);

    const detail = await progress();
    expect(detail).toMatchObject({
      status: 'running',
      progress: {
        entriesByState: { reached: 3 },
        attempts: records.length,
        answered: 3,
        connected: 3,
        abandonRate: 0,
        taskCompletionRate: 1,
      },
      live: {
        live: true,
        loggedInAgents: 1,
        counters: { dialed: records.length, connected: 3, refused: 0 },
      },
    });

    // A callback the agent of 1001 promised is dialed to that agent as soon as it is due (the
    // pacing alone would leave it for CALLBACK_GRACE_MS, 10 minutes).
    const { ctx } = t.server;
    const user = await createUser(ctx, TENANT, {
      username: 'a1001',
      password: PASSWORD,
      role: 'agent',
    });
    await ctx.db.kysely
      .updateTable('agents')
      .set({ user_id: user.id })
      .where('id', '=', agent.id)
      .execute();
    const agentClient = as(t.server.app, await login(t.server.app, TENANT, 'a1001'));
    const entry = await ctx.db.kysely
      .selectFrom('campaign_entries')
      .select(['id', 'attempts'])
      .where('campaign_id', '=', id)
      .where('attempts', '=', 1) // under the daily cap of 3 calls per number
      .orderBy('planned_at')
      .executeTakeFirstOrThrow();
    const scheduled = await agentClient.post(`/api/dialer/campaigns/${id}/callbacks`, {
      entryId: entry.id,
      dueAt: ctx.clock.now() + 1000,
      note: '客户请明天回电',
    });
    expect(scheduled.statusCode).toBe(201);
    await until(
      'callback dialed and reached',
      async () => {
        const items = json(await agentClient.get('/api/dialer/callbacks')).items as Json[];
        return items[0]?.status === 'dialed' && items[0]?.entryState === 'reached';
      },
      40_000,
      phone.log,
    );
    const after = await ctx.db.kysely
      .selectFrom('call_records')
      .select(['agent_id', 'disposition'])
      .where('entry_id', '=', entry.id)
      .orderBy('created_at', 'desc')
      .executeTakeFirstOrThrow();
    expect(after).toEqual({ agent_id: agent.id, disposition: 'connected' });

    const paused = json(await supervisor.post(`/api/dialer/campaigns/${id}/pause`));
    expect(paused).toMatchObject({ status: 'paused' });
    await until('runner drained', async () => (await progress()).status === 'completed', 30_000);
  }, 90_000);
});
