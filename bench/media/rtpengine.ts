// rtpengine in userspace (`--table=-1`, no kernel forwarding) driven over its ng protocol
// (bencoded dictionaries on UDP, "<cookie> <dict>"), as the reference relay of the benchmark.
import { spawn, type ChildProcess } from 'node:child_process';
import { createSocket, type Socket } from 'node:dgram';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { bdecode, bencode, type Bencoded } from './bencode.ts';

export class RtpEngine {
  private cookie = 0;
  private readonly pending = new Map<string, (reply: { [key: string]: Bencoded }) => void>();

  private constructor(
    private readonly child: ChildProcess,
    private readonly control: Socket,
    private readonly ngPort: number,
  ) {
    control.on('message', (data: Buffer) => {
      const space = data.indexOf(0x20);
      const cookie = data.toString('ascii', 0, space);
      const reply = bdecode(data.subarray(space + 1)) as { [key: string]: Bencoded };
      this.pending.get(cookie)?.(reply);
      this.pending.delete(cookie);
    });
  }

  get pid(): number {
    return this.child.pid!;
  }

  static async start(ngPort: number, portMin: number, portMax: number): Promise<RtpEngine> {
    const child = spawn(
      'rtpengine',
      [
        '--config-file=none',
        '--table=-1',
        '--interface=127.0.0.1',
        `--listen-ng=127.0.0.1:${ngPort}`,
        `--port-min=${portMin}`,
        `--port-max=${portMax}`,
        '--foreground',
        '--log-stderr',
        '--log-level=3',
        '--delete-delay=0', // free a deleted call's ports at once: loads follow each other
        // One worker thread: the per-core comparison with Node's single event loop.
        `--num-threads=${process.env.BENCH_RTPENGINE_THREADS ?? 1}`,
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const control = createSocket('udp4');
    control.bind(0, '127.0.0.1');
    await once(control, 'listening');
    const engine = new RtpEngine(child, control, ngPort);
    for (let i = 0; i < 50; i++) {
      try {
        const reply = await engine.command({ command: 'ping' }, 200);
        if (reply.result === 'pong') return engine;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    child.kill();
    throw new Error(`rtpengine did not answer ping: ${stderr.slice(-500)}`);
  }

  command(
    dict: { [key: string]: Bencoded },
    timeoutMs = 2000,
  ): Promise<{ [key: string]: Bencoded }> {
    const cookie = `c${++this.cookie}`;
    const message = Buffer.concat([Buffer.from(`${cookie} `), bencode(dict)]);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(cookie);
        reject(new Error(`ng ${JSON.stringify(dict.command)} timed out`));
      }, timeoutMs);
      this.pending.set(cookie, (reply) => {
        clearTimeout(timer);
        resolve(reply);
      });
      this.control.send(message, this.ngPort, '127.0.0.1');
    });
  }

  /** Sets up one call between two local ports; returns the ports each side must send to. */
  async call(id: string, callerPort: number, calleePort: number): Promise<[number, number]> {
    const offer = await this.command({
      command: 'offer',
      'call-id': id,
      'from-tag': `${id}-a`,
      sdp: sdp(callerPort),
    });
    const answer = await this.command({
      command: 'answer',
      'call-id': id,
      'from-tag': `${id}-a`,
      'to-tag': `${id}-b`,
      sdp: sdp(calleePort),
    });
    // The offer's rewritten SDP goes to the callee (where the callee sends), the answer's to
    // the caller.
    return [mediaPort(answer), mediaPort(offer)];
  }

  async delete(id: string): Promise<void> {
    await this.command({ command: 'delete', 'call-id': id, 'from-tag': `${id}-a` });
  }

  /** utime + stime of the whole process (all threads), in µs. */
  cpuMicros(): number {
    const fields = readFileSync(`/proc/${this.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]); // fields 14 and 15 of stat(5)
    return (ticks / 100) * 1e6; // USER_HZ = 100
  }

  async stop(): Promise<void> {
    this.control.close();
    this.child.kill('SIGTERM');
    if (this.child.exitCode === null) await once(this.child, 'exit');
  }
}

function sdp(port: number): string {
  return [
    'v=0',
    'o=- 1 1 IN IP4 127.0.0.1',
    's=-',
    'c=IN IP4 127.0.0.1',
    't=0 0',
    `m=audio ${port} RTP/AVP 0`,
    'a=rtpmap:0 PCMU/8000',
    'a=sendrecv',
    '',
  ].join('\r\n');
}

function mediaPort(reply: { [key: string]: Bencoded }): number {
  if (reply.result !== 'ok') throw new Error(`rtpengine: ${JSON.stringify(reply)}`);
  const match = typeof reply.sdp === 'string' ? /m=audio (\d+)/.exec(reply.sdp) : null;
  if (!match) throw new Error('rtpengine: no m=audio in reply');
  return Number(match[1]);
}
