import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { AppContext } from '../../context.ts';
import type { Role } from '../../db/index.ts';
import { createUser, generatePassword } from '../auth/index.ts';
import { runImport, type ImportKind } from '../imports/index.ts';
import { provisionDemoInbound } from '../inbound/index.ts';
import { DEFAULT_TENANT_ID, DEMO_TENANT_ID, ensureTenant } from '../tenants/index.ts';

// First start: on an empty database, create the operator's own tenant (empty) with an admin
// and, unless YUNHU_DEMO=0, a demo tenant with a user per role, loaded with the two real example
// files in the background so the server answers at once. Later starts create nothing; a demo
// load cut short by a stop resumes (each import is one transaction and re-importing is a no-op).

export interface Credential {
  tenant: string;
  username: string;
  role: Role;
  /** Null when it came from YUNHU_ADMIN_PASSWORD (not echoed). */
  password: string | null;
}

export interface BootstrapResult {
  /** True on the first start (something was created). */
  created: boolean;
  credentials: Credential[];
  /** Example files the demo tenant still has to load (empty when done or turned off). */
  pendingDemoFiles: DemoFile[];
  /** The demo tenant's agent extensions (first start only); password null = from the env. */
  demoSip?: { serviceNumber: string; extensions: string[]; password: string | null };
}

export interface DemoFile {
  kind: ImportKind;
  filePath: string;
}

const DEMO_MARKER = 'bootstrap.demo_import';
const EXAMPLES = fileURLToPath(new URL('../../../../examples/', import.meta.url));

export const DEMO_FILES: readonly DemoFile[] = [
  { kind: 'bank-marketing', filePath: `${EXAMPLES}bank-marketing/bank-full.csv` },
  { kind: 'anonymous-bank', filePath: `${EXAMPLES}callcenter/anonymous-bank-1999-08.csv` },
];

type Ctx = Pick<AppContext, 'db' | 'clock' | 'config' | 'logger' | 'cipher'>;

export interface BootstrapOptions {
  /** Files the demo tenant loads; defaults to the two real examples. */
  demoFiles?: readonly DemoFile[];
}

export async function bootstrap(
  ctx: Ctx,
  options: BootstrapOptions = {},
): Promise<BootstrapResult> {
  const demoFiles = options.demoFiles ?? DEMO_FILES;
  const anyUser = await ctx.db.kysely.selectFrom('users').select('id').limit(1).executeTakeFirst();
  if (anyUser) {
    return { created: false, credentials: [], pendingDemoFiles: await pendingDemo(ctx, demoFiles) };
  }
  const now = ctx.clock.now();
  const credentials: Credential[] = [];
  await ensureTenant(
    ctx.db,
    { id: DEFAULT_TENANT_ID, name: '默认租户', timeZone: ctx.config.timeZone },
    now,
  );
  const adminPassword = ctx.config.adminPassword ?? generatePassword();
  await createUser(ctx, DEFAULT_TENANT_ID, {
    username: 'admin',
    displayName: '管理员',
    password: adminPassword,
    role: 'admin',
  });
  credentials.push({
    tenant: DEFAULT_TENANT_ID,
    username: 'admin',
    role: 'admin',
    password: ctx.config.adminPassword ? null : adminPassword,
  });

  if (!ctx.config.demo) return { created: true, credentials, pendingDemoFiles: [] };

  await ensureTenant(
    ctx.db,
    { id: DEMO_TENANT_ID, name: '演示租户', timeZone: ctx.config.timeZone, isDemo: true },
    now,
  );
  const demoUsers: [string, string, Role][] = [
    ['admin', '演示管理员', 'admin'],
    ['supervisor', '演示班长', 'supervisor'],
    ['agent', '演示坐席', 'agent'],
  ];
  for (const [username, displayName, role] of demoUsers) {
    const password = generatePassword();
    await createUser(ctx, DEMO_TENANT_ID, { username, displayName, password, role });
    credentials.push({ tenant: DEMO_TENANT_ID, username, role, password });
  }
  // Service number 4000 → demo IVR → two queues; extensions 1001–1005 to call in with.
  const sipPassword = ctx.config.demoSipPassword ?? generatePassword();
  const inbound = await provisionDemoInbound(ctx, DEMO_TENANT_ID, sipPassword);
  await ctx.db.kysely
    .insertInto('kv')
    .values({ tenant_id: DEMO_TENANT_ID, key: DEMO_MARKER, value: 'pending', updated_at: now })
    .execute();
  return {
    created: true,
    credentials,
    pendingDemoFiles: [...demoFiles],
    demoSip: {
      serviceNumber: inbound.serviceNumber,
      extensions: inbound.extensions,
      password: ctx.config.demoSipPassword ? null : sipPassword,
    },
  };
}

async function pendingDemo(ctx: Ctx, files: readonly DemoFile[]): Promise<DemoFile[]> {
  const marker = await ctx.db.kysely
    .selectFrom('kv')
    .select('value')
    .where('tenant_id', '=', DEMO_TENANT_ID)
    .where('key', '=', DEMO_MARKER)
    .executeTakeFirst();
  return marker?.value === 'pending' ? [...files] : [];
}

/**
 * Loads the demo files one after another, logging progress; marks the demo done when all
 * completed. Never throws: a failure is logged and the load resumes at the next start.
 */
export async function loadDemoData(ctx: AppContext, files: readonly DemoFile[]): Promise<boolean> {
  if (files.length === 0) return true;
  try {
    for (const file of files) {
      if (!existsSync(file.filePath)) {
        ctx.logger.warn({ file: file.filePath }, 'demo data: example file missing, skipped');
        continue;
      }
      ctx.logger.info({ kind: file.kind }, 'demo data: import started');
      let lastShare = -1;
      const report = await runImport(ctx, {
        tenantId: DEMO_TENANT_ID,
        kind: file.kind,
        filePath: file.filePath,
        onProgress: ({ rows, bytes, totalBytes }) => {
          const share = totalBytes > 0 ? Math.floor((bytes / totalBytes) * 4) : 0;
          if (share > lastShare && share < 4) {
            lastShare = share;
            ctx.logger.info({ kind: file.kind, rows, percent: share * 25 }, 'demo data: importing');
          }
        },
      });
      ctx.logger.info(
        { kind: file.kind, status: report.status, rows: report.rows, inserted: report.inserted },
        'demo data: import finished',
      );
      if (report.status === 'rejected') {
        ctx.logger.warn(
          { kind: file.kind, errors: report.errors.slice(0, 5) },
          'demo data rejected',
        );
        return false;
      }
    }
    await ctx.db.kysely
      .updateTable('kv')
      .set({ value: 'done', updated_at: ctx.clock.now() })
      .where('tenant_id', '=', DEMO_TENANT_ID)
      .where('key', '=', DEMO_MARKER)
      .execute();
    return true;
  } catch (error) {
    ctx.logger.warn({ err: error }, 'demo data: import interrupted; it resumes at the next start');
    return false;
  }
}

/** The once-only first-start message: where to sign in and with which passwords. */
export function credentialsMessage(result: BootstrapResult, url: string): string {
  if (!result.created) return '';
  const lines = [
    '',
    '==================== Yunhu 云呼: first start ====================',
    `Open ${url} and sign in (tenant, user, password):`,
  ];
  for (const c of result.credentials) {
    const password = c.password ?? '(the value of YUNHU_ADMIN_PASSWORD)';
    lines.push(`  ${c.tenant.padEnd(8)} ${c.username.padEnd(11)} ${password}`);
  }
  if (result.credentials.some((c) => c.tenant === DEMO_TENANT_ID)) {
    lines.push(
      `The "${DEMO_TENANT_ID}" tenant (演示租户) loads the two real example data sets in the background`,
      '(a few seconds on a fast disk; until it is done, requests that touch the database may wait).',
    );
  }
  if (result.demoSip && result.demoSip.extensions.length > 0) {
    const { extensions, password, serviceNumber } = result.demoSip;
    lines.push(
      `SIP phones: register extension ${extensions[0]}–${extensions.at(-1)} (password ${password ?? '= YUNHU_DEMO_SIP_PASSWORD'})`,
      `and call ${serviceNumber} (demo IVR: 1 sales, 2 service); see docs/inbound.md.`,
    );
  }
  lines.push(
    'API: POST /api/auth/login {"tenant","username","password"}; docs at /api/docs.',
    'These passwords are shown only this once: change them after signing in',
    '(POST /api/auth/password). Later starts print nothing; a lost password is reset with',
    '`yunhu user reset-password admin [--tenant demo]`.',
    '=================================================================',
    '',
  );
  return lines.join('\n');
}
