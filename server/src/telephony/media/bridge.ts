// Two-leg relay. Each direction rewrites, in place, the header of the packet it received:
// payload type → the target leg's negotiated one (audio or telephone-event), SSRC → the target
// leg's own SSRC, sequence number and timestamp → shifted by offsets so the target's outgoing
// stream stays continuous (RFC 3550 §7.2-style translation). The offsets are re-taken when the
// source changes SSRC (a re-INVITE, a transfer) so the far end never sees a jump.
import { transcodeG711 } from '../audio/index.ts';
import { rtpPayloadOffset } from '../rtp/index.ts';
import type { RtpLeg, RecordSink } from './media-leg.ts';
import { Recorder } from './recorder.ts';
import type { BridgeOptions, MediaBridge, RecordingInfo } from './media-server.types.ts';

class Direction {
  private sourceSsrc: number | null = null;
  private seqOffset = 0;
  private tsOffset = 0;

  constructor(private readonly to: RtpLeg) {}

  readonly relay = (packet: Buffer, isDtmf: boolean, now: number): void => {
    const to = this.to;
    const config = to.config;
    // A prompt playing to the target (an announcement) wins over the relayed audio.
    if (!config || !to.canSend || to.playing) return;
    let payloadType: number;
    if (isDtmf) {
      if (config.dtmfPayloadType === null) return;
      payloadType = config.dtmfPayloadType;
    } else payloadType = config.payloadType;
    const ssrc = packet.readUInt32BE(8);
    const seq = packet.readUInt16BE(2);
    const ts = packet.readUInt32BE(4);
    let marker = packet[1]! & 0x80;
    if (ssrc !== this.sourceSsrc) {
      this.sourceSsrc = ssrc;
      this.seqOffset = (to.out.nextSeq() - seq) & 0xffff;
      this.tsOffset = (to.out.nextTimestamp(now, 160) - ts) >>> 0;
      marker = 0x80; // a new talkspurt as far as the far end can tell
    }
    const outSeq = (seq + this.seqOffset) & 0xffff;
    const outTs = (ts + this.tsOffset) >>> 0;
    packet[1] = marker | payloadType;
    packet.writeUInt16BE(outSeq, 2);
    packet.writeUInt32BE(outTs, 4);
    packet.writeUInt32BE(to.out.ssrc, 8);
    const offset = rtpPayloadOffset(packet);
    const source = this.from?.config;
    if (!isDtmf && source && source.codec !== config.codec && offset > 0) {
      // Only when the two sides negotiated different laws: a table lookup per byte.
      packet.set(transcodeG711(source.codec, config.codec, packet.subarray(offset)), offset);
    }
    to.sendRtp(packet, outSeq, outTs, packet.length - Math.max(offset, 12), now);
  };

  from: RtpLeg | null = null;

  /** Take new offsets at the next packet: another source (a mixer) fed the target meanwhile. */
  resync(): void {
    this.sourceSsrc = null;
  }
}

export class RtpBridge implements MediaBridge {
  private readonly sinks: [RecordSink, RecordSink] | null;
  private readonly recorder: Recorder | null;
  private readonly toA: Direction;
  private readonly toB: Direction;
  private done: Promise<RecordingInfo | null> | null = null;

  constructor(
    readonly a: RtpLeg,
    readonly b: RtpLeg,
    options: BridgeOptions,
    private readonly onEnd: (bridge: RtpBridge) => void,
  ) {
    a.stopPlayback();
    b.stopPlayback();
    const toB = new Direction(b);
    toB.from = a;
    const toA = new Direction(a);
    toA.from = b;
    this.toA = toA;
    this.toB = toB;
    a.relay = toB.relay;
    b.relay = toA.relay;
    if (options.recordPath) {
      const recorder = new Recorder(options.recordPath, 2);
      this.recorder = recorder;
      this.sinks = [
        { recorder, channel: 0 },
        { recorder, channel: 1 },
      ];
      a.sinks.push(this.sinks[0]);
      b.sinks.push(this.sinks[1]);
    } else {
      this.sinks = null;
      this.recorder = null;
    }
  }

  /**
   * A monitor's mixer feeds a (toA) or b (toB) instead of the relay; false gives the direction
   * back to the relay, which re-takes its offsets so the target's stream stays continuous.
   */
  mixing(toA: boolean, toB: boolean): void {
    if (this.done) return;
    if (!toB && this.a.relay === null) this.toB.resync();
    if (!toA && this.b.relay === null) this.toA.resync();
    this.a.relay = toB ? null : this.toB.relay;
    this.b.relay = toA ? null : this.toA.relay;
  }

  unbridge(): Promise<RecordingInfo | null> {
    this.done ??= this.finish();
    return this.done;
  }

  private async finish(): Promise<RecordingInfo | null> {
    this.a.relay = null;
    this.b.relay = null;
    this.onEnd(this);
    if (!this.sinks || !this.recorder) return null;
    this.a.removeSink(this.sinks[0]);
    this.b.removeSink(this.sinks[1]);
    return this.recorder.close();
  }
}
