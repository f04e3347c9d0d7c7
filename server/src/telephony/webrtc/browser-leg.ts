// The browser side of one softphone call: a werift RTCPeerConnection (full ICE, DTLS-SRTP) that
// answers the browser's offer with exactly the G.711 codec the SIP side negotiated, so audio is
// relayed between the browser and the loopback RTP port without transcoding.
import { MediaStreamTrack, RTCPeerConnection, RTCRtpCodecParameters, type RtpPacket } from 'werift';
import type { Codec } from '../media/index.ts';

export interface BrowserLegOptions {
  codec: Codec;
  /** Extra host candidates (e.g. 127.0.0.1 when browser and server share a machine). */
  additionalHostAddresses?: string[];
  /** Audio from the browser: G.711 payload and its RTP timestamp. */
  onAudio(payload: Buffer, timestamp: number): void;
  onState(state: 'connected' | 'failed' | 'closed'): void;
}

const STATIC_PT: Record<Codec, number> = { PCMU: 0, PCMA: 8 };

export class BrowserLeg {
  private readonly pc: RTCPeerConnection;
  private readonly track = new MediaStreamTrack({ kind: 'audio' });
  packetsFromBrowser = 0;
  packetsToBrowser = 0;
  private closed = false;

  constructor(private readonly options: BrowserLegOptions) {
    this.pc = new RTCPeerConnection({
      codecs: {
        audio: [
          new RTCRtpCodecParameters({
            mimeType: `audio/${options.codec}`,
            clockRate: 8000,
            channels: 1,
            payloadType: STATIC_PT[options.codec],
          }),
        ],
      },
      ...(options.additionalHostAddresses
        ? { iceAdditionalHostAddresses: options.additionalHostAddresses }
        : {}),
    });
    this.pc.onTrack.subscribe((track) => {
      track.onReceiveRtp.subscribe((rtp: RtpPacket) => {
        if (this.closed) return;
        this.packetsFromBrowser++;
        options.onAudio(rtp.payload, rtp.header.timestamp);
      });
    });
    this.pc.connectionStateChange.subscribe((state) => {
      if (state === 'connected') options.onState('connected');
      else if (state === 'failed') options.onState('failed');
      else if (state === 'closed') options.onState('closed');
    });
  }

  /** Answers the browser's offer; resolves with the answer SDP once ICE gathering completed. */
  async answer(offer: string): Promise<string> {
    await this.pc.setRemoteDescription({ type: 'offer', sdp: offer });
    this.pc.addTrack(this.track);
    const answer = await this.pc.createAnswer();
    await this.pc.setLocalDescription(answer);
    if (this.pc.iceGatheringState !== 'complete') {
      await new Promise<void>((resolve) => {
        const { unSubscribe } = this.pc.iceGatheringStateChange.subscribe((s) => {
          if (s === 'complete') {
            unSubscribe();
            resolve();
          }
        });
      });
    }
    const sdp = this.pc.localDescription?.sdp;
    if (!sdp) throw new Error('webrtc gateway: werift produced no local description');
    return sdp;
  }

  /** One RTP packet from the SIP side, sent on to the browser (werift sets PT and SSRC). */
  sendRtp(packet: Buffer): void {
    if (this.closed) return;
    this.packetsToBrowser++;
    this.track.writeRtp(packet);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.track.stop();
    await this.pc.close();
  }
}
