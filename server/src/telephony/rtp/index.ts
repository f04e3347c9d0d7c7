// RTP / RTCP / RFC 4733 wire formats. Pure functions on Buffers; no sockets here.
export * from './rtp-packet.ts';
export * from './rtcp-packet.ts';
export * from './telephone-event.ts';
