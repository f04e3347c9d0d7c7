// Shared set-up of the inbound end-to-end tests: a Yunhu server (startServer) with SIP on a free
// loopback port, the demo inbound provisioning (service number 4000 → demo IVR → queues) in the
// default tenant, sipp callers with the package's pcaps, and baresip as an agent phone.
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type RunningServer } from '../../src/main.ts';
import {
  provisionDemoInbound,
  saveQueue,
  type DemoInbound,
} from '../../src/modules/inbound/index.ts';
import { DEFAULT_TENANT_ID } from '../../src/modules/tenants/index.ts';
import { encodeWav, tone } from '../../src/telephony/audio/index.ts';
import { freePort, killChildren, sipp, start, type RunResult } from '../sip/harness.ts';

export const PCAPS = '/usr/share/sip-tester';
export const SIP_PASSWORD = 'demo-secret-1001';
export const TENANT = DEFAULT_TENANT_ID;

export interface InboundTestServer {
  server: RunningServer;
  dir: string;
  demo: DemoInbound;
  /** Every bus event the inbound service emitted, in order. */
  events: Array<{ name: string; payload: Record<string, unknown> }>;
  /** Runs a scenario from ./scenarios against the server's SIP port (cwd has pcap/). */
  call(scenario: string, timeoutMs: number): Promise<RunResult>;
  close(): Promise<void>;
}

export async function inboundTestServer(
  rtpPorts: string,
  queueSettings: Record<string, unknown>,
): Promise<InboundTestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'yunhu-inbound-'));
  symlinkSync(PCAPS, join(dir, 'pcap')); // scenarios play "pcap/<file>" relative to their cwd
  const server = await startServer({
    env: {
      YUNHU_DATA_DIR: dir,
      YUNHU_HTTP_HOST: '127.0.0.1',
      YUNHU_HTTP_PORT: '0',
      YUNHU_DEMO: '0',
      YUNHU_LOG_LEVEL: 'silent',
      YUNHU_SIP_HOST: '127.0.0.1',
      YUNHU_RTP_PORTS: rtpPorts,
    },
    print: () => undefined,
    exitOnSignal: false,
    sipPort: 0,
  });
  const demo = await provisionDemoInbound(server.ctx, TENANT, SIP_PASSWORD, {
    extensions: ['1001'],
  });
  for (const [id, name, skill] of [
    [demo.salesQueueId, '销售', 'sales'],
    [demo.serviceQueueId, '售后服务', 'service'],
  ] as const) {
    await saveQueue(server.ctx, { id, tenantId: TENANT, name, skill, settings: queueSettings });
  }
  const events: InboundTestServer['events'] = [];
  server.ctx.bus.onAny((name, payload) => {
    if (String(name).startsWith('inbound.'))
      events.push({ name: String(name), payload: payload as Record<string, unknown> });
  });
  const port = server.telephony!.ports.udp!;
  return {
    server,
    dir,
    demo,
    events,
    call: (scenario, timeoutMs) =>
      sipp(port, `../../inbound/scenarios/${scenario}`, ['-s', '4000'], timeoutMs, dir),
    async close() {
      killChildren();
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Polls until `cond` holds (state owned by the server or a child process). */
export async function until(
  what: string,
  cond: () => boolean | Promise<boolean>,
  ms = 30_000,
  log: () => string = () => '',
): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}\n${log().slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export interface Baresip {
  child: ChildProcess;
  dir: string;
  log(): string;
}

/**
 * baresip registered as `extension`, auto-answering; it sends a `toneHz` tone (aufile) and dumps
 * what it decodes and encodes (sndfile) into its directory.
 */
export async function startBaresipAgent(
  sipPort: number,
  extension: string,
  password: string,
  rtpBase: number,
  toneHz: number,
): Promise<Baresip> {
  const dir = mkdtempSync(join(tmpdir(), 'yunhu-baresip-'));
  writeFileSync(
    join(dir, 'send.wav'),
    encodeWav({ samples: tone(toneHz, 30_000, 8000, 8000), sampleRate: 8000, channels: 1 }),
  );
  const port = await freePort();
  writeFileSync(
    join(dir, 'config'),
    [
      `sip_listen 127.0.0.1:${port}`,
      'audio_player aubridge,nowhere',
      'audio_alert aubridge,nowhere',
      `audio_source aufile,${join(dir, 'send.wav')}`,
      `rtp_ports ${rtpBase}-${rtpBase + 19}`,
      'rtcp_mux no',
      'net_interface 127.0.0.1', // SDP and Contact on loopback (the name "lo" fails here)
      'module_path /usr/lib/baresip/modules',
      'module g711.so',
      'module aufile.so',
      'module aubridge.so',
      'module sndfile.so',
      'module_app account.so',
      `snd_path ${dir}`,
      '',
    ].join('\n'),
  );
  writeFileSync(
    join(dir, 'accounts'),
    `<sip:${extension}@127.0.0.1:${sipPort};transport=udp>;auth_pass=${password};` +
      'answermode=auto;audio_codecs=PCMU;regint=600\n',
  );
  let log = '';
  const child = start('baresip', ['-4', '-f', dir], { cwd: dir });
  child.stdout?.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  return { child, dir, log: () => log };
}
