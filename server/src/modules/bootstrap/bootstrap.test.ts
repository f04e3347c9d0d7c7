import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/index.ts';
import type { AppContext } from '../../context.ts';
import { createTestDb, TEST_DIALECTS } from '../../db/index.ts';
import { createFieldCipher, EventBus, ManualClock, silentLogger } from '../../platform/index.ts';
import { authenticate } from '../auth/index.ts';
import { callsDb, credentialLookup } from '../calls/index.ts';
import { listQueues } from '../inbound/index.ts';
import { DEMO_IVR_FLOW_ID, getActiveIvrFlow } from '../ivr/index.ts';
import { bootstrap, credentialsMessage, DEMO_FILES, loadDemoData, type DemoFile } from './index.ts';

// A slice of the real bank-marketing file keeps the demo load fast in a unit test.
let dir: string;
let demoFiles: DemoFile[];
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'yunhu-bootstrap-'));
  const lines = readFileSync(DEMO_FILES[0]!.filePath, 'utf8').split('\n').slice(0, 41);
  const file = path.join(dir, 'bank-slice.csv');
  writeFileSync(file, `${lines.join('\n')}\n`);
  demoFiles = [{ kind: 'bank-marketing', filePath: file }];
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.each(TEST_DIALECTS)('first start on %s', (dialect) => {
  const contexts: AppContext[] = [];
  const makeCtx = async (env: Record<string, string>): Promise<AppContext> => {
    const ctx: AppContext = {
      config: loadConfig({ YUNHU_LOG_LEVEL: 'silent', ...env }),
      db: await createTestDb(dialect),
      cipher: createFieldCipher(randomBytes(32)),
      clock: new ManualClock(Date.UTC(2026, 0, 1)),
      logger: silentLogger,
      bus: new EventBus(),
    };
    contexts.push(ctx);
    return ctx;
  };
  afterAll(async () => {
    for (const ctx of contexts) await ctx.db.close();
  });

  it('creates the default tenant with a generated admin, and nothing on the second start', async () => {
    const ctx = await makeCtx({ YUNHU_DEMO: '0' });
    const first = await bootstrap(ctx, { demoFiles });
    expect(first.created).toBe(true);
    expect(first.pendingDemoFiles).toEqual([]);
    expect(first.credentials).toHaveLength(1);
    const admin = first.credentials[0]!;
    expect(admin).toMatchObject({ tenant: 'default', username: 'admin', role: 'admin' });
    expect(admin.password).toMatch(/^[A-Za-z0-9]{16}$/);
    const user = await authenticate(ctx, { username: 'admin', password: admin.password! });
    expect(user).toMatchObject({ tenantId: 'default', role: 'admin' });
    const message = credentialsMessage(first, 'http://127.0.0.1:3000');
    expect(message).toContain(admin.password);
    expect(message).toContain('http://127.0.0.1:3000');

    const second = await bootstrap(ctx, { demoFiles });
    expect(second).toEqual({ created: false, credentials: [], pendingDemoFiles: [] });
    expect(credentialsMessage(second, 'http://x')).toBe('');
    const tenants = await ctx.db.kysely.selectFrom('tenants').select('id').execute();
    expect(tenants.map((t) => t.id)).toEqual(['default']);
    const users = await ctx.db.kysely.selectFrom('users').select('id').execute();
    expect(users).toHaveLength(1);
  });

  it('uses YUNHU_ADMIN_PASSWORD without echoing it', async () => {
    const ctx = await makeCtx({ YUNHU_DEMO: '0', YUNHU_ADMIN_PASSWORD: 'operator-secret-1' });
    const first = await bootstrap(ctx, { demoFiles });
    expect(first.credentials[0]!.password).toBeNull();
    expect(credentialsMessage(first, 'http://h')).not.toContain('operator-secret-1');
    await expect(
      authenticate(ctx, { username: 'admin', password: 'operator-secret-1' }),
    ).resolves.toMatchObject({ role: 'admin' });
  });

  it('creates the demo tenant with three users, loads its data once, keeps default empty', async () => {
    const ctx = await makeCtx({});
    const first = await bootstrap(ctx, { demoFiles });
    expect(first.credentials.map((c) => `${c.tenant}/${c.username}`)).toEqual([
      'default/admin',
      'demo/admin',
      'demo/supervisor',
      'demo/agent',
    ]);
    const demo = await ctx.db.kysely
      .selectFrom('tenants')
      .selectAll()
      .where('id', '=', 'demo')
      .executeTakeFirstOrThrow();
    expect(demo).toMatchObject({ name: '演示租户', is_demo: 1 });
    for (const c of first.credentials) {
      await expect(
        authenticate(ctx, { tenant: c.tenant, username: c.username, password: c.password! }),
      ).resolves.toMatchObject({ tenantId: c.tenant, role: c.role });
    }
    // Inbound demo: 4000 → the demo IVR; extensions 1001–1005 whose password is printed.
    expect(first.demoSip).toMatchObject({
      serviceNumber: '4000',
      extensions: ['1001', '1002', '1003', '1004', '1005'],
    });
    const sipPassword = first.demoSip!.password!;
    expect(credentialsMessage(first, 'http://h')).toContain(sipPassword);
    const lookup = credentialLookup(ctx);
    await expect(lookup('yunhu', '1003')).resolves.toEqual({ password: sipPassword });
    const numbers = await callsDb(ctx.db).selectFrom('service_numbers').selectAll().execute();
    expect(numbers.map((n) => [n.tenant_id, n.number, JSON.parse(n.flow) as unknown])).toEqual([
      ['demo', '4000', { flowId: DEMO_IVR_FLOW_ID }],
    ]);
    const flow = await getActiveIvrFlow(ctx.db, 'demo', DEMO_IVR_FLOW_ID);
    expect(flow?.flow.nodes.service).toMatchObject({ verb: 'queue', queueId: 'demo-service' });
    expect((await listQueues(ctx, 'demo')).map((q) => q.skill)).toEqual(['sales', 'service']);
    // Stopped before the background load: the next start resumes it.
    expect((await bootstrap(ctx, { demoFiles })).pendingDemoFiles).toEqual(demoFiles);
    expect(await loadDemoData(ctx, first.pendingDemoFiles)).toBe(true);
    const count = async (tenantId: string) =>
      Number(
        (
          await ctx.db.kysely
            .selectFrom('customers')
            .select((eb) => eb.fn.countAll<number | string>().as('n'))
            .where('tenant_id', '=', tenantId)
            .executeTakeFirstOrThrow()
        ).n,
      );
    expect(await count('demo')).toBe(40);
    expect(await count('default')).toBe(0);
    const again = await bootstrap(ctx, { demoFiles });
    expect(again).toEqual({ created: false, credentials: [], pendingDemoFiles: [] });
  });

  it('reports a failed demo load as false and keeps it pending', async () => {
    const ctx = await makeCtx({});
    const broken = path.join(dir, 'broken.csv');
    writeFileSync(broken, 'not;a;bank;file\n1;2;3;4\n');
    const files: DemoFile[] = [{ kind: 'bank-marketing', filePath: broken }];
    await bootstrap(ctx, { demoFiles: files });
    expect(await loadDemoData(ctx, files)).toBe(false);
    expect((await bootstrap(ctx, { demoFiles: files })).pendingDemoFiles).toEqual(files);
  });
});
