// The telephony runtime inside startServer: SIP on a free port when asked, agents register with
// the digest password stored sealed in agents.sip_password, and SIP stays off otherwise.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/main.ts';
import { setSipPassword, telephonyOf } from '../../src/modules/calls/index.ts';
import { DEFAULT_TENANT_ID } from '../../src/modules/tenants/index.ts';
import { killChildren, sipp } from '../sip/harness.ts';

const env = (dir: string): NodeJS.ProcessEnv => ({
  YUNHU_DATA_DIR: dir,
  YUNHU_HTTP_HOST: '127.0.0.1',
  YUNHU_HTTP_PORT: '0',
  YUNHU_DEMO: '0',
  YUNHU_LOG_LEVEL: 'silent',
  YUNHU_SIP_HOST: '127.0.0.1',
  YUNHU_RTP_PORTS: '16200-16299',
});

describe('telephony runtime in startServer', () => {
  let dir = '';
  let server: RunningServer | undefined;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'yunhu-runtime-'));
    server = await startServer({
      env: env(dir),
      print: () => undefined,
      exitOnSignal: false,
      sipPort: 0,
    });
  });
  afterAll(async () => {
    killChildren();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('binds SIP on a free port (not 5060) and registers an agent with its sealed password', async () => {
    const telephony = server!.telephony!;
    expect(telephony.ports.udp).toBeGreaterThan(0);
    expect(telephony.ports.udp).not.toBe(5060);
    expect(telephony.ports.ws).toBeUndefined();
    expect(telephonyOf(server!.ctx)?.telephony).toBe(telephony);
    const ctx = server!.ctx;
    await ctx.db.kysely
      .insertInto('agents')
      .values({
        id: 'agent_t1',
        tenant_id: DEFAULT_TENANT_ID,
        user_id: null,
        name: '测试坐席',
        extension: '2001',
        team_id: null,
        skills: '[]',
        sip_password: null,
        external_ref: null,
        created_at: Date.now(),
      })
      .execute();
    await setSipPassword(ctx, DEFAULT_TENANT_ID, 'agent_t1', 'secret-2001');
    const stored = await ctx.db.kysely
      .selectFrom('agents')
      .select('sip_password')
      .where('id', '=', 'agent_t1')
      .executeTakeFirstOrThrow();
    expect(stored.sip_password).not.toContain('secret-2001');
    const ok = await sipp(telephony.ports.udp!, 'uac-register-digest-expect-200.xml', [
      '-s',
      '2001',
      '-au',
      '2001',
      '-ap',
      'secret-2001',
    ]);
    expect(ok.code, ok.stderr + ok.stdout.slice(-1500)).toBe(0);
    expect(telephony.registrar!.lookup('2001')).toHaveLength(1);
    const bad = await sipp(telephony.ports.udp!, 'uac-register-wrong-password-expect-403.xml', [
      '-s',
      '2001',
      '-au',
      '2001',
      '-ap',
      'wrong-password',
    ]);
    expect(bad.code, bad.stderr + bad.stdout.slice(-1500)).toBe(0);
  }, 60_000);

  it('keeps SIP off under vitest when neither sipPort nor YUNHU_SIP_PORT is given', async () => {
    const other = mkdtempSync(path.join(tmpdir(), 'yunhu-runtime-off-'));
    const off = await startServer({ env: env(other), print: () => undefined, exitOnSignal: false });
    try {
      expect(off.telephony).toBeNull();
      expect(telephonyOf(off.ctx)).toBeNull();
    } finally {
      await off.close();
      rmSync(other, { recursive: true, force: true });
    }
  });
});
