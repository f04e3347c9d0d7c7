// GET /api/calls/:id/recording in process (app.inject): who may play which recording, the bytes
// served (whole file and a range), and the audit trail every attempt leaves.
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.ts';
import type { AppContext } from '../../src/context.ts';
import { createTestDb, TEST_DIALECTS, type Role } from '../../src/db/index.ts';
import { buildApp } from '../../src/http/index.ts';
import { openCallRecord, updateCallRecord } from '../../src/modules/calls/index.ts';
import {
  createFieldCipher,
  EventBus,
  ManualClock,
  silentLogger,
} from '../../src/platform/index.ts';
import { encodeWav, tone } from '../../src/telephony/audio/index.ts';
import { login, seedTenant, T0 } from './helpers.ts';

describe.each(TEST_DIALECTS)('recording playback on %s', (dialect) => {
  let dir: string;
  let ctx: AppContext;
  let app: FastifyInstance;
  let wav: Buffer;
  const cookies = {} as Record<Role | 't2admin', string>;

  const get = (who: Role | 't2admin', id: string, headers: Record<string, string> = {}) =>
    app.inject({
      method: 'GET',
      url: `/api/calls/${id}/recording`,
      headers: { cookie: cookies[who], ...headers },
    });

  const recordingAudit = () =>
    ctx.db.kysely
      .selectFrom('audit_log')
      .select(['tenant_id', 'user_id', 'outcome', 'personal_data', 'in_scope', 'object_id'])
      .where('object_type', '=', 'recording')
      .orderBy('at')
      .orderBy('id')
      .execute();

  async function call(
    id: string,
    tenantId: string,
    agentId: string | null,
    recording: string | null,
  ): Promise<void> {
    await openCallRecord(ctx, { id, tenantId, direction: 'inbound', createdAt: T0 });
    await updateCallRecord(ctx, tenantId, id, { agent_id: agentId, recording_path: recording });
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'yunhu-recordings-'));
    mkdirSync(join(dir, 'recordings'));
    ctx = {
      config: loadConfig({ YUNHU_LOG_LEVEL: 'silent', YUNHU_DATA_DIR: dir }),
      db: await createTestDb(dialect),
      cipher: createFieldCipher(randomBytes(32)),
      clock: new ManualClock(T0),
      logger: silentLogger,
      bus: new EventBus(),
    };
    app = await buildApp(ctx);
    await app.ready();
    const users = await seedTenant(ctx, 't1');
    await seedTenant(ctx, 't2', ['admin']);
    for (const [id, tenant, userId] of [
      ['seat_mine', 't1', users.agent],
      ['seat_other', 't1', null],
    ] as const) {
      await ctx.db.kysely
        .insertInto('agents')
        .values({
          id,
          tenant_id: tenant,
          user_id: userId,
          name: id,
          extension: null,
          team_id: null,
          skills: '[]',
          sip_password: null,
          external_ref: null,
          created_at: T0,
        })
        .execute();
    }
    // 1.5 s of stereo: left 440 Hz (customer), right 1 kHz (agent).
    const left = tone(440, 1500, 8000, 8000);
    const right = tone(1000, 1500, 8000, 8000);
    const samples = new Int16Array(left.length * 2);
    left.forEach((s, i) => {
      samples[2 * i] = s;
      samples[2 * i + 1] = right[i]!;
    });
    wav = encodeWav({ samples, sampleRate: 8000, channels: 2 });
    for (const id of ['call_mine', 'call_other', 'call_t2']) {
      writeFileSync(join(dir, 'recordings', `${id}.wav`), wav);
    }
    writeFileSync(join(dir, 'outside.wav'), wav);
    await call('call_mine', 't1', 'seat_mine', join(dir, 'recordings', 'call_mine.wav'));
    await call('call_other', 't1', 'seat_other', join(dir, 'recordings', 'call_other.wav'));
    await call('call_none', 't1', 'seat_mine', null);
    await call('call_gone', 't1', 'seat_mine', join(dir, 'recordings', 'deleted.wav'));
    await call('call_outside', 't1', 'seat_mine', join(dir, 'outside.wav'));
    await call('call_t2', 't2', null, join(dir, 'recordings', 'call_t2.wav'));
    for (const role of ['admin', 'supervisor', 'agent', 'auditor'] as const) {
      cookies[role] = await login(app, 't1', role);
    }
    cookies.t2admin = await login(app, 't2', 'admin');
  });

  afterAll(async () => {
    await app?.close();
    await ctx?.db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('admin, supervisor and auditor play any call of their tenant: 200 audio/wav, the exact file', async () => {
    for (const role of ['admin', 'supervisor', 'auditor'] as const) {
      for (const id of ['call_mine', 'call_other']) {
        const res = await get(role, id);
        expect(res.statusCode, `${role} ${id}: ${res.body}`).toBe(200);
        expect(res.headers['content-type']).toBe('audio/wav');
        expect(res.headers['content-length']).toBe(String(wav.length));
        expect(res.rawPayload.equals(wav)).toBe(true);
      }
    }
  });

  it('an agent plays the calls its seat handled and gets 403 for another seat’s call', async () => {
    const mine = await get('agent', 'call_mine');
    expect(mine.statusCode).toBe(200);
    expect(mine.rawPayload.equals(readFileSync(join(dir, 'recordings', 'call_mine.wav')))).toBe(
      true,
    );
    const other = await get('agent', 'call_other');
    expect(other.statusCode).toBe(403);
    expect(other.json()).toMatchObject({ error: { code: 'recordings.scope' } });
  });

  it('another tenant’s call is 404 (indistinguishable from a missing one); its own admin plays it', async () => {
    const res = await get('admin', 'call_t2');
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ error: { code: 'recordings.call_not_found' } });
    const nobody = await get('admin', 'call_nobody');
    expect(nobody.statusCode).toBe(404);
    expect(nobody.json()).toMatchObject({ error: { code: 'recordings.call_not_found' } });
    expect((await get('t2admin', 'call_t2')).statusCode).toBe(200);
    expect((await get('t2admin', 'call_mine')).statusCode).toBe(404);
  });

  it('no recording, a missing file, a path outside the data dir: 404, 404, 500 without bytes', async () => {
    const none = await get('admin', 'call_none');
    expect(none.statusCode).toBe(404);
    expect(none.json()).toMatchObject({ error: { code: 'recordings.none' } });
    const gone = await get('admin', 'call_gone');
    expect(gone.statusCode).toBe(404);
    expect(gone.json()).toMatchObject({ error: { code: 'recordings.file_missing' } });
    const outside = await get('admin', 'call_outside');
    expect(outside.statusCode).toBe(500);
    expect(outside.headers['content-type']).not.toBe('audio/wav');
  });

  it('a Range request gets 206 with those bytes; an unsatisfiable one 416 with the size', async () => {
    const head = await get('supervisor', 'call_mine', { range: 'bytes=0-43' });
    expect(head.statusCode).toBe(206);
    expect(head.headers['content-range']).toBe(`bytes 0-43/${wav.length}`);
    expect(head.rawPayload.equals(wav.subarray(0, 44))).toBe(true);
    expect(head.rawPayload.subarray(0, 4).toString()).toBe('RIFF');
    const tail = await get('supervisor', 'call_mine', { range: 'bytes=-100' });
    expect(tail.statusCode).toBe(206);
    expect(tail.rawPayload.equals(wav.subarray(wav.length - 100))).toBe(true);
    const bad = await get('supervisor', 'call_mine', { range: `bytes=${wav.length}-` });
    expect(bad.statusCode).toBe(416);
    expect(bad.headers['content-range']).toBe(`bytes */${wav.length}`);
  });

  it('without a session: 401', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/calls/call_mine/recording' });
    expect(res.statusCode).toBe(401);
  });

  it('every attempt is audited as personal data: plays in scope, refusals out of scope', async () => {
    const rows = await recordingAudit();
    const key = (r: (typeof rows)[number]) =>
      `${r.tenant_id} ${r.object_id} ${r.outcome} ${Number(r.in_scope)}`;
    expect(rows.every((r) => Number(r.personal_data) === 1)).toBe(true);
    const counts: Record<string, number> = {};
    for (const r of rows) counts[key(r)] = (counts[key(r)] ?? 0) + 1;
    expect(counts).toEqual({
      // 3 roles + the agent + 2 ranges (the 416 is refused before the play is audited)
      't1 call_mine allowed 1': 3 + 1 + 2,
      't1 call_other allowed 1': 3,
      't1 call_other denied 0': 1,
      't1 call_t2 denied 0': 1,
      't1 call_nobody denied 0': 1,
      't2 call_t2 allowed 1': 1,
      't2 call_mine denied 0': 1,
    });
  });
});
