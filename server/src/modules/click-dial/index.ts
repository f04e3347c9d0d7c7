// Public surface of modules/click-dial: an agent's click-to-dial (lead, customer or number →
// compliance gate → the agent's device → the callee through the tenant's trunk, bridged and
// recorded, with the dial-latency samples) and the tenant's manual outbound settings.
export {
  dialDevice,
  dialRequestSchema,
  drainClickToDial,
  startClickToDial,
  type DialRequest,
  type DialStarted,
} from './click-dial.service.ts';
export {
  loadOutboundSettings,
  outboundSettingsBodySchema,
  outboundSettingsSchema,
  PASSWORD_MASK,
  saveOutboundSettings,
  type OutboundSettings,
  type OutboundSettingsInput,
} from './outbound-settings.ts';
