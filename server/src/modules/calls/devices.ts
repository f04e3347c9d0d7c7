import type { Call, Telephony } from '../../telephony/index.ts';

// Agent devices: what rings when the ACD offers a call to an agent. A registered SIP phone is
// built in; the browser softphone gateway adds its own device. The first device that says it
// can reach the agent rings.

export interface AgentRef {
  tenantId: string;
  agentId: string;
  extension: string | null;
}

export interface RingOptions {
  /** CANCEL after this long without an answer. */
  timeoutMs: number;
  /** From value (no tag) the agent's phone shows. */
  callerId?: string;
  /** The caller's call record, for the softphone's screen-pop. */
  callRecordId?: string;
}

export interface RingAttempt {
  /** The answered agent leg, or null (no answer, rejected, failed, cancelled). */
  answered: Promise<Call | null>;
  /** Stop ringing (the caller left). */
  cancel(): void;
}

export interface AgentDevice {
  readonly kind: string;
  /** Whether the agent can be rung on this device now (registered, connected). */
  available(agent: AgentRef): boolean;
  /** `caller` is null when the agent is rung first (click-to-dial): options.callerId names the callee. */
  ring(agent: AgentRef, caller: Call | null, options: RingOptions): Promise<RingAttempt>;
}

export class DeviceRegistry {
  private readonly devices: AgentDevice[] = [];

  /** Devices added first are preferred (the softphone adds itself before the SIP phone). */
  add(device: AgentDevice, options: { preferred?: boolean } = {}): void {
    if (options.preferred) this.devices.unshift(device);
    else this.devices.push(device);
  }

  available(agent: AgentRef): boolean {
    return this.devices.some((d) => d.available(agent));
  }

  /** The kind of device that would ring now ('softphone', 'sip-phone'), or null. */
  kindFor(agent: AgentRef): string | null {
    return this.devices.find((d) => d.available(agent))?.kind ?? null;
  }

  async ring(
    agent: AgentRef,
    caller: Call | null,
    options: RingOptions,
  ): Promise<RingAttempt | null> {
    const device = this.devices.find((d) => d.available(agent));
    return device ? device.ring(agent, caller, options) : null;
  }
}

/** The caller's From header without its tag, as caller-ID for the agent's phone. */
export function callerIdOf(call: Call): string {
  return call.from.replace(/;\s*tag=[^;>]*/i, '');
}

/** The From of an agent leg: the given caller-ID, else the caller's (none for click-to-dial without one). */
export function fromOf(caller: Call | null, options: RingOptions): { from?: string } {
  const from = options.callerId ?? (caller ? callerIdOf(caller) : undefined);
  return from === undefined ? {} : { from };
}

/** A phone registered with the engine's registrar under the agent's extension. */
export class SipPhoneDevice implements AgentDevice {
  readonly kind = 'sip-phone';

  constructor(private readonly telephony: Telephony) {}

  available(agent: AgentRef): boolean {
    if (!agent.extension || !this.telephony.registrar) return false;
    return this.telephony.registrar.lookup(agent.extension).length > 0;
  }

  async ring(agent: AgentRef, caller: Call | null, options: RingOptions): Promise<RingAttempt> {
    const binding = agent.extension ? this.telephony.registrar?.lookup(agent.extension)[0] : null;
    if (!binding) return { answered: Promise.resolve(null), cancel: () => undefined };
    const { call, answered } = await this.telephony.calls.originate({
      uri: binding.contact,
      flow: binding.source,
      ...fromOf(caller, options),
      timeoutMs: options.timeoutMs,
    });
    return {
      answered: answered.then((outcome) => (outcome.ok ? call : null)),
      cancel: () => void call.hangup(),
    };
  }
}
