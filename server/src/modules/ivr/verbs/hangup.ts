// hangup: play-and-hang-up. The runner hangs the call up after the prompt finished.
import type { NodeOf } from '../flow.schema.ts';
import type { VerbContext, VerbResult } from '../ivr.types.ts';

export async function hangup(node: NodeOf<'hangup'>, ctx: VerbContext): Promise<VerbResult> {
  if (node.prompt) await ctx.play(node.prompt);
  return { outcome: { kind: 'hangup', by: 'flow' } };
}
