export { normalizePhone, tryNormalizePhone } from './phone.service.ts';
export { attributePhone, splitRegion, type PhoneAttribution } from './attribution.ts';
