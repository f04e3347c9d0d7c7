// collect: digits into a variable (account number, callback number …) with first-digit and
// inter-digit timeouts, terminators, a minimum length and retries; then `next`.
import type { NodeOf } from '../flow.schema.ts';
import type { VerbContext, VerbResult } from '../ivr.types.ts';

export async function collect(node: NodeOf<'collect'>, ctx: VerbContext): Promise<VerbResult> {
  let failure: 'timeout' | 'invalid' = 'timeout';
  for (let attempt = 0; attempt <= node.retries; attempt++) {
    const digits = await ctx.playAndCollect(node.prompt, {
      maxDigits: node.maxDigits,
      timeoutMs: node.timeoutMs,
      interDigitTimeoutMs: node.interDigitTimeoutMs,
      terminators: node.terminators,
    });
    if (ctx.ended()) return { outcome: { kind: 'hangup', by: 'caller' } };
    if (digits.length >= node.minDigits) {
      ctx.vars[node.var] = digits;
      return { next: node.next };
    }
    failure = digits ? 'invalid' : 'timeout';
    await ctx.play(failure === 'timeout' ? node.timeoutPrompt : node.invalidPrompt);
  }
  const branch = failure === 'timeout' ? node.onTimeout : node.onInvalid;
  if (branch) return { next: branch };
  return {
    outcome: { kind: 'hangup', by: 'no-input', detail: `collect ${ctx.nodeId}: ${failure}` },
  };
}
