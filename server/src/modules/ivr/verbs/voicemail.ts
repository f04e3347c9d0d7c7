// voicemail: prompt + beep, then record what the caller says into
// <voicemailDir>/<call id>-<time>.wav until a terminator key, maxMs, or the caller hangs up.
import { join } from 'node:path';
import type { NodeOf } from '../flow.schema.ts';
import type { VerbContext, VerbResult } from '../ivr.types.ts';

export async function voicemail(node: NodeOf<'voicemail'>, ctx: VerbContext): Promise<VerbResult> {
  const dir = ctx.options.voicemailDir;
  if (!dir) throw new Error('voicemail: IvrRunOptions.voicemailDir is not set');
  await ctx.play(node.prompt);
  await ctx.play('beep');
  const path = join(dir, `${ctx.call.id.replace(/[^A-Za-z0-9_-]/g, '_')}-${ctx.now()}.wav`);
  if (ctx.ended()) return { outcome: { kind: 'hangup', by: 'caller' } };
  ctx.call.record(path);
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    ctx.call.collectDigits({
      maxDigits: 1,
      timeoutMs: node.maxMs,
      interDigitTimeoutMs: node.maxMs,
      terminators: node.terminators,
    }),
    new Promise<void>((resolve) => (timer = setTimeout(resolve, node.maxMs))),
  ]);
  clearTimeout(timer);
  const info = await ctx.call.stopRecording();
  return {
    outcome: {
      kind: 'voicemail',
      path,
      durationMs: info?.durationMs ?? null,
      mailbox: node.mailbox ?? null,
    },
  };
}
