// set: assign variables; `{{name}}` in a value copies another variable (empty when unset).
import type { NodeOf } from '../flow.schema.ts';
import type { VerbContext, VerbResult } from '../ivr.types.ts';

export function set(node: NodeOf<'set'>, ctx: VerbContext): Promise<VerbResult> {
  const values = Object.entries(node.vars).map(
    ([name, value]) =>
      [
        name,
        value.replace(/\{\{([A-Za-z_][A-Za-z0-9_]*)\}\}/g, (_, v: string) => ctx.vars[v] ?? ''),
      ] as const,
  );
  for (const [name, value] of values) ctx.vars[name] = value;
  return Promise.resolve({ next: node.next });
}
