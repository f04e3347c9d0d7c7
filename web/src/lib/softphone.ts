// The browser softphone: a WebSocket to /api/softphone/ws (signalling) and one RTCPeerConnection
// per call. The server's WebRTC gateway makes this browser an ordinary phone of the ACD: it rings
// with an `incoming` event, the browser answers by sending its WebRTC offer, and the gateway
// answers it with exactly the G.711 codec of the SIP side.

export type SoftphoneCallState = 'ringing' | 'connecting' | 'active' | 'held' | 'ended';

export interface SoftphoneCall {
  id: string;
  number: string | null;
  state: SoftphoneCallState;
  muted: boolean;
  reason?: string;
  /** Digits the far end sent (IVR-style feedback, shown in the panel). */
  digits: string;
  /** The caller's call record (screen-pop, disposition). */
  callRecordId: string | null;
}

export type LinkState = 'connecting' | 'online' | 'offline';

type ServerEvent =
  | { type: 'hello'; user: string }
  | { type: 'incoming'; callId: string; number: string | null; callRecordId: string | null }
  | { type: 'answer'; callId: string; sdp: string }
  | { type: 'state'; callId: string; state: SoftphoneCallState; muted?: boolean; reason?: string }
  | { type: 'dtmf'; callId: string; digit: string }
  | { type: 'transferred'; callId: string; target: string; ok: boolean; reason?: string }
  | { type: 'error'; callId?: string; message: string }
  | { type: 'pong' };

export interface SoftphoneSnapshot {
  link: LinkState;
  call: SoftphoneCall | null;
  error: string | null;
}

export class Softphone {
  private socket: WebSocket | null = null;
  private pc: RTCPeerConnection | null = null;
  private mic: MediaStream | null = null;
  private readonly listeners = new Set<(s: SoftphoneSnapshot) => void>();
  private snapshot: SoftphoneSnapshot = { link: 'connecting', call: null, error: null };
  private closed = false;
  private retry: ReturnType<typeof setTimeout> | null = null;
  /** The remote audio element; kept so the browser plays the caller. */
  readonly audio = new Audio();

  constructor(private readonly url = softphoneUrl()) {
    this.audio.autoplay = true;
    this.open();
  }

  subscribe(listener: (s: SoftphoneSnapshot) => void): () => void {
    this.listeners.add(listener);
    listener(this.snapshot);
    return () => this.listeners.delete(listener);
  }

  get state(): SoftphoneSnapshot {
    return this.snapshot;
  }

  /** Receive-side RTP statistics of the current call (tests and the quality badge read it). */
  async inboundStats(): Promise<{ packets: number; codec: string | null }> {
    let packets = 0;
    let codec: string | null = null;
    const stats = await this.pc?.getStats();
    stats?.forEach(
      (s: { type: string; kind?: string; packetsReceived?: number; mimeType?: string }) => {
        if (s.type === 'inbound-rtp' && s.kind === 'audio') packets = s.packetsReceived ?? 0;
        if (s.type === 'codec' && s.mimeType?.startsWith('audio/')) codec = s.mimeType;
      },
    );
    return { packets, codec };
  }

  async answer(): Promise<void> {
    const call = this.snapshot.call;
    if (!call || call.state !== 'ringing') return;
    try {
      this.mic = await navigator.mediaDevices.getUserMedia({ audio: true });
    } catch (error) {
      this.set({ error: `麦克风不可用 / microphone unavailable: ${String(error)}` });
      this.send({ type: 'reject', callId: call.id });
      return;
    }
    const pc = new RTCPeerConnection();
    this.pc = pc;
    for (const track of this.mic.getTracks()) pc.addTrack(track, this.mic);
    pc.ontrack = (e) => {
      this.audio.srcObject = e.streams[0] ?? new MediaStream([e.track]);
    };
    await pc.setLocalDescription(await pc.createOffer());
    await iceGathered(pc);
    this.updateCall({ state: 'connecting' });
    this.send({ type: 'accept', callId: call.id, sdp: pc.localDescription?.sdp ?? '' });
  }

  hangup(): void {
    const call = this.snapshot.call;
    if (call) this.send({ type: call.state === 'ringing' ? 'reject' : 'hangup', callId: call.id });
  }

  dtmf(digits: string): void {
    const call = this.snapshot.call;
    if (call?.state === 'active') this.send({ type: 'dtmf', callId: call.id, digits });
  }

  mute(on: boolean): void {
    const call = this.snapshot.call;
    if (call) this.send({ type: 'mute', callId: call.id, on });
  }

  hold(on: boolean): void {
    const call = this.snapshot.call;
    if (call) this.send({ type: 'hold', callId: call.id, on });
  }

  transfer(target: string): void {
    const call = this.snapshot.call;
    if (call) this.send({ type: 'transfer', callId: call.id, target });
  }

  close(): void {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    this.socket?.close();
    this.endMedia();
  }

  private open(): void {
    const socket = new WebSocket(this.url);
    this.socket = socket;
    this.set({ link: 'connecting' });
    socket.onmessage = (e) => this.onEvent(JSON.parse(String(e.data)) as ServerEvent);
    socket.onclose = () => {
      this.set({ link: 'offline' });
      this.endMedia();
      if (this.snapshot.call) this.updateCall({ state: 'ended', reason: 'disconnected' });
      if (!this.closed) this.retry = setTimeout(() => this.open(), 3000);
    };
  }

  private onEvent(event: ServerEvent): void {
    switch (event.type) {
      case 'hello':
        this.set({ link: 'online', error: null });
        return;
      case 'incoming':
        this.set({
          call: {
            id: event.callId,
            number: event.number,
            state: 'ringing',
            muted: false,
            digits: '',
            callRecordId: event.callRecordId,
          },
        });
        return;
      case 'answer':
        void this.pc?.setRemoteDescription({ type: 'answer', sdp: event.sdp });
        return;
      case 'state':
        if (event.callId !== this.snapshot.call?.id) return;
        this.updateCall({
          state: event.state,
          muted: event.muted ?? false,
          ...(event.reason ? { reason: event.reason } : {}),
        });
        if (event.state === 'ended') this.endMedia();
        return;
      case 'dtmf':
        if (event.callId === this.snapshot.call?.id)
          this.updateCall({ digits: this.snapshot.call.digits + event.digit });
        return;
      case 'transferred':
        this.set({ error: event.ok ? null : `转接失败 / transfer failed: ${event.reason ?? ''}` });
        return;
      case 'error':
        this.set({ error: event.message });
        return;
      case 'pong':
        return;
    }
  }

  private send(message: Record<string, unknown>): void {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(message));
  }

  private endMedia(): void {
    this.pc?.close();
    this.pc = null;
    for (const track of this.mic?.getTracks() ?? []) track.stop();
    this.mic = null;
    this.audio.srcObject = null;
  }

  private updateCall(patch: Partial<SoftphoneCall>): void {
    if (this.snapshot.call) this.set({ call: { ...this.snapshot.call, ...patch } });
  }

  private set(patch: Partial<SoftphoneSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...patch };
    for (const listener of this.listeners) listener(this.snapshot);
  }
}

function softphoneUrl(): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.host}/api/softphone/ws`;
}

/** The gateway answers once; all candidates go in the offer (no trickle ICE on the SIP side). */
function iceGathered(pc: RTCPeerConnection): Promise<void> {
  if (pc.iceGatheringState === 'complete') return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      if (pc.iceGatheringState !== 'complete') return;
      pc.removeEventListener('icegatheringstatechange', done);
      resolve();
    };
    pc.addEventListener('icegatheringstatechange', done);
  });
}
