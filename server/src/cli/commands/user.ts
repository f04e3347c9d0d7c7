import type { Command } from 'commander';
import {
  createUser,
  generatePassword,
  listUsers,
  resetPassword,
  roleSchema,
} from '../../modules/auth/index.ts';
import { resolveTenant } from '../../modules/tenants/index.ts';
import { invalidInput } from '../../platform/index.ts';
import { cliContext } from '../cli-context.ts';

// Users from the terminal: the way back in when the once-printed admin password is lost, and
// a scriptable way to add users. Generated passwords go to stdout only.
export function registerUser(program: Command): void {
  const user = program.command('user').description('Users of a tenant: list, add, reset-password');

  user
    .command('list')
    .description('List the users of a tenant')
    .option('--tenant <tenant>', 'tenant id or name (default: the operator tenant)')
    .action(async (flags: { tenant?: string }) => {
      const ctx = await cliContext();
      try {
        const tenant = await resolveTenant(ctx.db, flags.tenant, ctx.clock.now());
        const { items } = await listUsers(ctx, tenant.id, { page: 1, pageSize: 200 });
        for (const u of items) {
          const state = u.disabled ? ' (disabled)' : '';
          process.stdout.write(`${u.username}\t${u.role}\t${u.displayName}${state}\n`);
        }
      } finally {
        await ctx.db.close();
      }
    });

  user
    .command('add <username>')
    .description('Add a user with a generated password (printed once)')
    .requiredOption('--role <role>', 'admin | supervisor | agent | auditor')
    .option('--display-name <name>', 'name shown in the app')
    .option('--tenant <tenant>', 'tenant id or name (default: the operator tenant)')
    .action(
      async (username: string, flags: { role: string; displayName?: string; tenant?: string }) => {
        const role = roleSchema.safeParse(flags.role);
        if (!role.success) {
          throw invalidInput('user.role', '--role: use admin, supervisor, agent or auditor');
        }
        const ctx = await cliContext();
        try {
          const tenant = await resolveTenant(ctx.db, flags.tenant, ctx.clock.now());
          const password = generatePassword();
          await createUser(ctx, tenant.id, {
            username,
            password,
            role: role.data,
            ...(flags.displayName ? { displayName: flags.displayName } : {}),
          });
          process.stdout.write(`tenant ${tenant.id}  user ${username}  password ${password}\n`);
        } finally {
          await ctx.db.close();
        }
      },
    );

  user
    .command('reset-password <username>')
    .description('Give a user a new generated password (printed once) and sign them out')
    .option('--tenant <tenant>', 'tenant id or name (default: the operator tenant)')
    .action(async (username: string, flags: { tenant?: string }) => {
      const ctx = await cliContext();
      try {
        const tenant = await resolveTenant(ctx.db, flags.tenant, ctx.clock.now());
        const { password } = await resetPassword(ctx, tenant.id, username);
        process.stdout.write(`tenant ${tenant.id}  user ${username}  password ${password}\n`);
      } finally {
        await ctx.db.close();
      }
    });
}
