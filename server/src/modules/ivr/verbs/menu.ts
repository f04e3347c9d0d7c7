// menu: play the menu (a key interrupts it), branch on one key. A timeout or an unknown key
// plays its prompt and repeats the menu up to `retries` times, then takes onTimeout / onInvalid,
// or ends the IVR (hangup 'no-input') when that branch is not set.
import type { NodeOf } from '../flow.schema.ts';
import type { VerbContext, VerbResult } from '../ivr.types.ts';

export async function menu(node: NodeOf<'menu'>, ctx: VerbContext): Promise<VerbResult> {
  let failure: 'timeout' | 'invalid' = 'timeout';
  for (let attempt = 0; attempt <= node.retries; attempt++) {
    const key = await ctx.playAndCollect(node.prompt, {
      maxDigits: 1,
      timeoutMs: node.timeoutMs,
      interDigitTimeoutMs: node.timeoutMs,
      terminators: '',
    });
    if (ctx.ended()) return { outcome: { kind: 'hangup', by: 'caller' } };
    const target = key ? node.options[key] : undefined;
    if (target) {
      if (node.var) ctx.vars[node.var] = key;
      return { next: target };
    }
    failure = key ? 'invalid' : 'timeout';
    await ctx.play(failure === 'timeout' ? node.timeoutPrompt : node.invalidPrompt);
  }
  const branch = failure === 'timeout' ? node.onTimeout : node.onInvalid;
  if (branch) return { next: branch };
  return { outcome: { kind: 'hangup', by: 'no-input', detail: `menu ${ctx.nodeId}: ${failure}` } };
}
