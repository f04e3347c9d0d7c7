// transfer: to an external E.164 number; the caller of the runner dials it (trunk) and bridges.
import type { NodeOf } from '../flow.schema.ts';
import type { VerbContext, VerbResult } from '../ivr.types.ts';

export async function transfer(node: NodeOf<'transfer'>, ctx: VerbContext): Promise<VerbResult> {
  if (node.prompt) await ctx.play(node.prompt);
  return { outcome: { kind: 'transfer', number: node.number } };
}
