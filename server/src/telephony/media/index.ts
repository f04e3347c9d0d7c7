// Public surface of the media engine. Call control imports from here only.
export type {
  Codec,
  MediaDirection,
  MediaEndpoint,
  LegConfig,
  PlaySource,
  PlayOptions,
  PlayResult,
  DtmfDigit,
  DtmfEvent,
  RecordingInfo,
  LegStats,
  MediaLegEvent,
  MediaLeg,
  BridgeOptions,
  MediaBridge,
  MediaMonitor,
  MonitorMode,
  MediaServer,
  MediaServerOptions,
  CreateMediaServer,
} from './media-server.types.ts';
export { estimateMos, estimateR, rToMos, isClear, CLEAR_MOS, type MosInput } from './mos.ts';
export { createMediaServer, RtpMediaServer } from './media-server.ts';
export { MediaClock, TICK_MS, type ClockScheduler } from './media-clock.ts';
