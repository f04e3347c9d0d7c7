import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseMessage } from '../sip/parser.ts';
import { answerDirection, answerOffer, createOffer, readAnswer } from './offer-answer.ts';

const local = { address: '127.0.0.1', port: 20000, sessionId: 1, sessionVersion: 1 };
function fixtureBody(name: string): string {
  const r = parseMessage(
    readFileSync(new URL(`../../../test/fixtures/sip/${name}`, import.meta.url)),
  );
  if (!r.ok) throw new Error(r.error);
  return r.message.body.toString();
}

describe('SDP offer/answer (RFC 3264)', () => {
  it('answers the captured baresip offer with PCMU and telephone-event 101', () => {
    const r = answerOffer(fixtureBody('baresip-invite.sip'), local);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.media).toMatchObject({
      codec: 'PCMU',
      payloadType: 0,
      dtmfPayloadType: 101,
      direction: 'sendrecv',
      remote: { address: '192.0.2.2', port: 11112 },
    });
    expect(r.answer).toContain('m=audio 20000 RTP/AVP 0 101\r\n');
    expect(r.answer).toContain('a=rtpmap:101 telephone-event/8000');
  });

  it('answers the sipp offer (PCMU without telephone-event)', () => {
    const r = answerOffer(fixtureBody('sipp-01-invite.sip'), local);
    expect(r.ok && r.media.dtmfPayloadType).toBe(null);
  });

  it('uses the offerer order: PCMA first when offered first', () => {
    const offer = createOffer({ ...local, codecs: ['PCMA', 'PCMU'] });
    const r = answerOffer(offer, local);
    expect(r.ok && r.media.codec).toBe('PCMA');
  });

  it('488 when no G.711 codec is offered; other m= lines are rejected with port 0', () => {
    const g729 =
      'v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\ns=-\r\nc=IN IP4 1.2.3.4\r\nt=0 0\r\nm=audio 4000 RTP/AVP 18\r\na=rtpmap:18 G729/8000\r\n';
    expect(answerOffer(g729, local)).toMatchObject({ ok: false, status: 488 });
    const withVideo =
      g729.replace('RTP/AVP 18', 'RTP/AVP 18 0') +
      'm=video 4002 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\n';
    const r = answerOffer(withVideo, local);
    expect(r.ok && r.answer).toContain('m=video 0 RTP/AVP 96');
    expect(answerOffer('not sdp', local).ok).toBe(false);
  });

  it('hold: sendonly → recvonly, inactive → inactive, c=0.0.0.0 → no remote and hold', () => {
    const base = createOffer({ ...local, address: '10.0.0.5' });
    const sendonly = answerOffer(base.replace('a=sendrecv', 'a=sendonly'), local);
    expect(sendonly.ok && [sendonly.media.direction, sendonly.media.remoteHold]).toEqual([
      'recvonly',
      true,
    ]);
    expect(sendonly.ok && sendonly.answer).toContain('a=recvonly');
    const inactive = answerOffer(base.replace('a=sendrecv', 'a=inactive'), local);
    expect(inactive.ok && inactive.media.direction).toBe('inactive');
    const legacy = answerOffer(base.replace(/c=IN IP4 10.0.0.5/, 'c=IN IP4 0.0.0.0'), local);
    expect(
      legacy.ok && [legacy.media.remote, legacy.media.remoteHold, legacy.media.direction],
    ).toEqual([null, true, 'recvonly']);
    expect(answerDirection('sendrecv', 'sendonly')).toBe('sendonly');
    expect(answerDirection('recvonly', 'recvonly')).toBe('inactive');
  });

  it('reads an answer to our offer, mirroring its direction', () => {
    const answer = answerOffer(createOffer(local), { ...local, port: 30000 });
    if (!answer.ok) throw new Error('no answer');
    expect(readAnswer(answer.answer)).toMatchObject({
      codec: 'PCMU',
      dtmfPayloadType: 101,
      remote: { port: 30000 },
      direction: 'sendrecv',
    });
    expect(readAnswer(answer.answer.replace('a=sendrecv', 'a=recvonly'))?.direction).toBe(
      'sendonly',
    );
    expect(readAnswer('v=0\r\n')).toBeUndefined();
  });
});
