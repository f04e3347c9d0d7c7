// Kamailio as a record-routing front proxy: a REGISTER and calls in both directions pass through
// it, and the in-dialog requests (ACK, BYE, re-INVITE) follow the route set (Kamailio logs every
// request it routes with loose_route()).
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTelephony, type Telephony } from '../../src/telephony/index.ts';
import { freePort, killChildren, run, SCENARIOS, sipp, start } from './harness.ts';

let telephony: Telephony;
let kamailio: ChildProcess;
let kamPort = 0;
let log = '';
let dir = '';

beforeAll(async () => {
  telephony = await createTelephony({
    host: '127.0.0.1',
    sipPort: 0,
    rtpPorts: { from: 15980, to: 15999 },
    realm: 'yunhu',
    lookupCredentials: (_realm, user) =>
      Promise.resolve(user === '2001' ? { password: 'pw2001' } : undefined),
  });
  telephony.calls.onIncomingCall((call) => void call.answer());
  kamPort = await freePort();
  dir = mkdtempSync(join(tmpdir(), 'yunhu-kamailio-'));
  const cfg = readFileSync(new URL('./kamailio/kamailio.cfg.tpl', import.meta.url), 'utf8')
    .replaceAll('@PORT@', String(kamPort))
    .replaceAll('@YUNHU@', String(telephony.ports.udp));
  writeFileSync(join(dir, 'kamailio.cfg'), cfg);
  kamailio = start('kamailio', [
    '-f',
    join(dir, 'kamailio.cfg'),
    '-DD',
    '-E',
    '-Y',
    dir,
    '-m',
    '32',
    '-M',
    '4',
    '-w',
    dir,
  ]);
  kamailio.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  kamailio.stdout?.on('data', (d: Buffer) => (log += d.toString()));
  // Ready when it answers OPTIONS-less probing: wait for the listening line or 5 s.
  for (let i = 0; i < 100 && !/listening on|Listening on/.test(log); i++)
    await new Promise((r) => setTimeout(r, 50));
  await new Promise((r) => setTimeout(r, 300));
}, 20_000);

afterAll(async () => {
  killChildren();
  await telephony.close();
  rmSync(dir, { recursive: true, force: true });
});

const routed = (method: string) =>
  (log.match(new RegExp(`YUNHU-TEST in-dialog ${method} routed`, 'g')) ?? []).length;

describe('Kamailio in front of Yunhu', () => {
  it('Kamailio started', async () => {
    const r = await run('kamailio', ['-c', '-f', join(dir, 'kamailio.cfg')], 10_000);
    expect(r.code, r.stderr.slice(-1500)).toBe(0);
    expect(kamailio.exitCode, log.slice(-1500)).toBeNull();
  });

  it('a REGISTER with digest passes through and binds', async () => {
    const r = await sipp(kamPort, 'uac-register-digest-expect-200.xml', [
      '-s',
      '2001',
      '-au',
      '2001',
      '-ap',
      'pw2001',
    ]);
    expect(r.code, r.stderr + log.slice(-1500)).toBe(0);
    expect(telephony.registrar?.lookup('2001')).toHaveLength(1);
  });

  it('an inbound call through Kamailio: ACK, re-INVITE and BYE follow the Record-Route', async () => {
    const before = { ack: routed('ACK'), bye: routed('BYE'), invite: routed('INVITE') };
    const r = await sipp(kamPort, 'uac-hold-reinvite-expect-recvonly.xml', ['-s', 'hotline']);
    expect(r.code, r.stderr + r.stdout.slice(-1500) + log.slice(-1500)).toBe(0);
    expect(routed('ACK') - before.ack).toBe(2);
    expect(routed('INVITE') - before.invite).toBe(1);
    expect(routed('BYE') - before.bye).toBe(1);
  });

  it('an outbound call via Kamailio as outbound proxy: Yunhu sends its ACK and BYE through the route set', async () => {
    const uasPort = await freePort();
    const uas = run(
      'sipp',
      [
        '-sf',
        SCENARIOS + 'uas-answer-copy-record-route-expect-bye.xml',
        '-i',
        '127.0.0.1',
        '-p',
        String(uasPort),
        '-m',
        '1',
        '-nostdin',
        '-timeout',
        '12s',
        '-timeout_error',
      ],
      15_000,
    );
    await new Promise((r) => setTimeout(r, 300));
    const before = { ack: routed('ACK'), bye: routed('BYE') };
    const { call, answered } = await telephony.calls.originate({
      uri: `sip:service@127.0.0.1:${uasPort}`,
      proxy: `sip:127.0.0.1:${kamPort};lr`,
    });
    expect(await answered).toEqual({ ok: true });
    expect(call.session?.dialog.routeSet).toEqual([
      expect.stringMatching(new RegExp(`^<sip:127\\.0\\.0\\.1:${kamPort};lr=on;ftag=`)),
    ]);
    await new Promise((r) => setTimeout(r, 200));
    await call.hangup();
    const result = await uas;
    expect(result.code, result.stderr + log.slice(-1500)).toBe(0);
    expect(routed('ACK') - before.ack).toBe(1);
    expect(routed('BYE') - before.bye).toBe(1);
  });
});
