// What a leg needs from the server that owns it (kept narrow so legs are testable alone).
import type { Logger } from '../../platform/index.ts';
import type { MediaClock } from './media-clock.ts';
import type { PromptCache } from './prompt-cache.ts';
import type { RtpLeg } from './media-leg.ts';

export interface LegRuntime {
  clock: MediaClock;
  prompts: PromptCache;
  logger: Logger;
  rtpTimeoutMs: number;
  /** Next RTCP interval: §6.3.1 randomises it to 0.5–1.5 × the nominal value. */
  rtcpInterval(): number;
  /** Leave any bridge before closing. */
  detach(leg: RtpLeg): Promise<void>;
  /** Return the ports and forget the leg. */
  release(leg: RtpLeg): void;
}
