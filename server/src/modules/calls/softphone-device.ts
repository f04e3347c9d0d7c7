import type { Call, Telephony } from '../../telephony/index.ts';
import type { WebRtcGateway } from '../../telephony/webrtc/index.ts';
import {
  fromOf,
  type AgentDevice,
  type AgentRef,
  type RingAttempt,
  type RingOptions,
} from './devices.ts';

// The browser softphone as an agent device: an agent whose workspace holds an open softphone
// channel (/api/softphone/ws) is rung through the WebRTC gateway's loopback SIP user agent, so
// bridging, recording and DTMF work exactly as for a registered SIP phone.

/** Names the caller's call record on the INVITE to the gateway (loopback only). */
const CALL_RECORD_HEADER = 'X-Yunhu-Call-Record';

/** The gateway user of an agent: tenant and agent id, so two tenants never share a key. */
export const softphoneUserOf = (agent: Pick<AgentRef, 'tenantId' | 'agentId'>): string =>
  `${agent.tenantId}.${agent.agentId}`;

export class SoftphoneDevice implements AgentDevice {
  readonly kind = 'softphone';

  constructor(
    private readonly telephony: Telephony,
    private readonly gateway: WebRtcGateway,
  ) {}

  available(agent: AgentRef): boolean {
    return this.gateway.isConnected(softphoneUserOf(agent));
  }

  async ring(agent: AgentRef, caller: Call | null, options: RingOptions): Promise<RingAttempt> {
    const { call, answered } = await this.telephony.calls.originate({
      uri: this.gateway.uriFor(softphoneUserOf(agent)),
      ...fromOf(caller, options),
      timeoutMs: options.timeoutMs,
      ...(options.callRecordId ? { headers: [[CALL_RECORD_HEADER, options.callRecordId]] } : {}),
    });
    return {
      answered: answered.then((outcome) => (outcome.ok ? call : null)),
      cancel: () => void call.hangup(),
    };
  }
}
