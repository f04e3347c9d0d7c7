import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { registerUser } from '../../src/cli/commands/user.ts';
import { startServer } from '../../src/main.ts';
import { authenticate } from '../../src/modules/auth/index.ts';

// In process (a tsx start per run takes many seconds on a loaded 2-core machine): the command
// reads YUNHU_* from process.env like the real binary; this test file runs in its own process.
const dataDir = mkdtempSync(path.join(tmpdir(), 'yunhu-user-'));
const env: Record<string, string> = {
  YUNHU_DATA_DIR: dataDir,
  YUNHU_LOG_LEVEL: 'silent',
  YUNHU_DEMO: '0',
  YUNHU_HTTP_PORT: '0',
  YUNHU_SIP_PORT: '0',
  YUNHU_SIP_WS_PORT: '0',
};

async function yunhu(args: string[]): Promise<string> {
  const program = new Command('yunhu').exitOverride();
  registerUser(program);
  const out: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    out.push(String(chunk));
    return true;
  });
  try {
    await program.parseAsync(['node', 'yunhu', ...args]);
  } finally {
    spy.mockRestore();
  }
  return out.join('');
}

beforeAll(() => {
  delete process.env.YUNHU_DATABASE_URL;
  delete process.env.YUNHU_ADMIN_PASSWORD;
  Object.assign(process.env, env);
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('yunhu user', () => {
  it('resets a lost admin password and adds users from the terminal', async () => {
    // First start; its printed password is then "lost".
    const server = await startServer({ env, print: () => undefined, exitOnSignal: false });
    await server.close();

    const reset = await yunhu(['user', 'reset-password', 'admin']);
    const newPassword = /user admin {2}password ([A-Za-z0-9]{16})/.exec(reset)?.[1];
    expect(newPassword).toBeDefined();
    const added = await yunhu([
      'user',
      'add',
      'li.si',
      '--role',
      'agent',
      '--display-name',
      '李四',
    ]);
    const agentPassword = /password ([A-Za-z0-9]{16})/.exec(added)?.[1];
    expect(agentPassword).toBeDefined();
    await expect(yunhu(['user', 'add', 'x', '--role', 'boss'])).rejects.toThrow(/--role/);
    await expect(yunhu(['user', 'reset-password', 'nobody'])).rejects.toThrow(/No user "nobody"/);

    const list = await yunhu(['user', 'list']);
    expect(list).toBe('admin\tadmin\t管理员\nli.si\tagent\t李四\n');

    const again = await startServer({ env, print: () => undefined, exitOnSignal: false });
    try {
      await expect(
        authenticate(again.ctx, { username: 'admin', password: newPassword! }),
      ).resolves.toMatchObject({ role: 'admin' });
      await expect(
        authenticate(again.ctx, { username: 'li.si', password: agentPassword! }),
      ).resolves.toMatchObject({ role: 'agent', displayName: '李四' });
    } finally {
      await again.close();
    }
  });
});
