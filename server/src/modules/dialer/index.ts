// The dialer module's public surface: pacing policies (Yunhu's predictive and the classic
// baseline), the discrete-event pacing simulator and trunk billing. Campaign execution on live
// SIP calls the same policies (see docs/dialer.md for the calling contract).
export * from './pacing/index.ts';
export * from './simulation/index.ts';
export * from './billing/index.ts';
export * from './campaigns/index.ts';
export * from './sip-sim/index.ts';
