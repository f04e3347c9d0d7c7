// The WebRTC gateway against a real browser: Debian's chromium (fake microphone) answers a call
// that a Yunhu engine originates to the gateway's SIP user agent. Audio must flow both ways
// (the browser's getStats() counts received RTP; the engine records the browser's microphone),
// DTMF from the keypad must reach the engine as RFC 4733, and a hang-up in the browser must end
// the SIP call.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseWav, rms, tone } from '../../src/telephony/audio/index.ts';
import { createTelephony, type Telephony } from '../../src/telephony/index.ts';
import {
  WebRtcGateway,
  type SoftphoneConnection,
  type SoftphoneEvent,
  type SoftphoneRequest,
} from '../../src/telephony/webrtc/index.ts';

// The page's softphone: the same steps the web app's softphone takes, minus the UI.
const PAGE = `<!doctype html><meta charset="utf-8"><title>softphone</title><script>
window.calls = {};
window.onGatewayEvent = async (event) => {
  if (event.type === 'incoming') {
    const pc = new RTCPeerConnection();
    window.calls[event.callId] = pc;
    const mic = await navigator.mediaDevices.getUserMedia({ audio: true });
    for (const track of mic.getTracks()) pc.addTrack(track, mic);
    await pc.setLocalDescription(await pc.createOffer());
    if (pc.iceGatheringState !== 'complete') {
      await new Promise((resolve) => pc.addEventListener('icegatheringstatechange', () => {
        if (pc.iceGatheringState === 'complete') resolve();
      }));
    }
    await window.toGateway({ type: 'accept', callId: event.callId, sdp: pc.localDescription.sdp });
  } else if (event.type === 'answer') {
    await window.calls[event.callId].setRemoteDescription({ type: 'answer', sdp: event.sdp });
  }
};
window.inboundAudio = async (callId) => {
  const stats = await window.calls[callId].getStats();
  let packets = 0, codec = null;
  stats.forEach((s) => {
    if (s.type === 'inbound-rtp' && s.kind === 'audio') packets = s.packetsReceived;
    if (s.type === 'codec' && s.mimeType.startsWith('audio/')) codec = s.mimeType;
  });
  return { packets, codec, state: window.calls[callId].connectionState };
};
</script>`;

const until = async (what: string, cond: () => boolean | Promise<boolean>, ms = 15_000) => {
  const start = Date.now();
  while (!(await cond())) {
    if (Date.now() - start > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

describe('WebRTC gateway with Chromium', () => {
  let engine: Telephony;
  let gateway: WebRtcGateway;
  let browser: Browser;
  let page: Page;
  let http: Server;
  let connection: SoftphoneConnection;
  let dir = '';
  const events: SoftphoneEvent[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'yunhu-webrtc-'));
    engine = await createTelephony({
      host: '127.0.0.1',
      sipPort: 0,
      rtpPorts: { from: 17400, to: 17459 },
    });
    gateway = new WebRtcGateway({ host: '127.0.0.1', additionalHostAddresses: ['127.0.0.1'] });
    await gateway.start();
    http = createServer((_req, res) =>
      res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE),
    );
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const address = http.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--use-fake-device-for-media-stream',
        '--use-fake-ui-for-media-stream',
      ],
    });
    page = await browser.newPage();
    await page.exposeFunction('toGateway', (request: SoftphoneRequest) =>
      connection.handle(request),
    );
    await page.goto(`http://127.0.0.1:${port}/`);
    connection = gateway.connect('agent-7', (event) => {
      events.push(event);
      void page.evaluate(
        (e) => (globalThis as never as { onGatewayEvent(e: unknown): void }).onGatewayEvent(e),
        event,
      );
    });
  });

  afterAll(async () => {
    await browser?.close();
    await gateway?.close();
    await engine?.close();
    http?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('rings the browser, answers over WebRTC, audio both ways, DTMF out, mute, hold, browser hang-up', async () => {
    const { call, answered } = await engine.calls.originate({
      uri: gateway.uriFor('agent-7'),
      from: '"客户" <sip:+8613800138000@127.0.0.1>',
      timeoutMs: 20_000,
    });
    expect(await answered).toEqual({ ok: true });
    const incoming = events.find((e) => e.type === 'incoming');
    expect(incoming).toMatchObject({ number: '+8613800138000' });
    const callId = incoming?.type === 'incoming' ? incoming.callId : '';
    await until('the call to go active', () =>
      events.some((e) => e.type === 'state' && e.state === 'active'),
    );

    // Engine → browser: a tone, counted by the browser's own RTP statistics.
    const path = join(dir, 'from-browser.wav');
    call.record(path);
    const playing = call.play(tone(440, 3000, 6000));
    const inbound = () =>
      page.evaluate(
        (id) =>
          (
            globalThis as never as {
              inboundAudio(id: string): Promise<{ packets: number; codec: string; state: string }>;
            }
          ).inboundAudio(id),
        callId,
      );
    await until('RTP at the browser', async () => (await inbound()).packets >= 50);
    const stats = await inbound();
    expect(stats.codec).toMatch(/audio\/PCM[UA]/);
    expect(stats.state).toBe('connected');
    await playing;

    // Browser → engine: the fake microphone's audio, recorded by the engine.
    const info = await call.stopRecording();
    const wav = parseWav(readFileSync(info!.path));
    expect(wav.samples.length).toBeGreaterThan(8000); // over 1 s of audio arrived
    expect(rms(wav.samples)).toBeGreaterThan(1000); // the fake microphone, not silence

    // Keypad → RFC 4733 toward the engine.
    const digits = call.collectDigits({ maxDigits: 1, timeoutMs: 5000 });
    await connection.handle({ type: 'dtmf', callId, digits: '5' });
    expect(await digits).toBe('5');

    // Mute: the engine hears G.711 silence instead of the microphone.
    await connection.handle({ type: 'mute', callId, on: true });
    await new Promise((r) => setTimeout(r, 200));
    call.record(join(dir, 'muted.wav'));
    await new Promise((r) => setTimeout(r, 1200));
    const muted = parseWav(readFileSync((await call.stopRecording())!.path));
    expect(muted.samples.length).toBeGreaterThan(4000);
    expect(rms(muted.samples)).toBeLessThan(50);
    await connection.handle({ type: 'mute', callId, on: false });

    // Hold and resume: re-INVITEs the engine answers; the softphone reports each state.
    await connection.handle({ type: 'hold', callId, on: true });
    expect(events.at(-1)).toMatchObject({ type: 'state', state: 'held' });
    await connection.handle({ type: 'hold', callId, on: false });
    expect(events.at(-1)).toMatchObject({ type: 'state', state: 'active' });

    // Hang-up in the browser ends the SIP call.
    const ended = call.ended();
    await connection.handle({ type: 'hangup', callId });
    expect((await ended).reason).toBe('remote-hangup');
    expect(gateway.callsOf('agent-7')).toHaveLength(0);
  }, 60_000);

  it('rejects a call to a user whose softphone is not connected with 480', async () => {
    const { answered } = await engine.calls.originate({
      uri: gateway.uriFor('nobody'),
      timeoutMs: 5000,
    });
    expect(await answered).toMatchObject({ ok: false, status: 480 });
  });
});
