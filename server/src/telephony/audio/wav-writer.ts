// Streaming WAV writer for recordings: the header goes first with zero sizes, samples are
// appended as they come, and the sizes are patched on close. Writes are batched (about 1 s of
// audio) so a recording costs one write syscall per second, not per packet.
import { open, type FileHandle } from 'node:fs/promises';
import { WAV_HEADER_LENGTH, wavHeader } from './wav.ts';

const FLUSH_BYTES = 16_000;

export interface WavWriterResult {
  path: string;
  channels: number;
  bytes: number;
  durationMs: number;
}

export class WavWriter {
  private handle: Promise<FileHandle>;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private written = 0;
  private position = WAV_HEADER_LENGTH;
  private chain: Promise<unknown>;
  private closed = false;

  constructor(
    readonly path: string,
    readonly channels: 1 | 2,
    readonly sampleRate = 8000,
  ) {
    this.handle = open(path, 'w');
    this.chain = this.handle.then((fh) =>
      fh.write(wavHeader(0, channels, sampleRate), 0, WAV_HEADER_LENGTH, 0),
    );
    // A failed open surfaces on close(); until then writes are dropped, never thrown.
    this.chain.catch(() => undefined);
  }

  /** Interleaved samples (frames × channels). */
  write(samples: Int16Array): void {
    if (this.closed || samples.length === 0) return;
    const bytes = Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength);
    this.pending.push(Buffer.from(bytes)); // copy: callers reuse their buffers
    this.pendingBytes += bytes.length;
    if (this.pendingBytes >= FLUSH_BYTES) this.flush();
  }

  /** Frames written so far (including those not yet flushed). */
  get frames(): number {
    return (this.written + this.pendingBytes) / (2 * this.channels);
  }

  private flush(): void {
    if (this.pendingBytes === 0) return;
    const data = Buffer.concat(this.pending, this.pendingBytes);
    this.pending = [];
    this.written += this.pendingBytes;
    this.pendingBytes = 0;
    const at = this.position;
    this.position += data.length;
    this.chain = this.chain.then(async () => (await this.handle).write(data, 0, data.length, at));
    this.chain.catch(() => undefined);
  }

  async close(): Promise<WavWriterResult> {
    if (!this.closed) {
      this.closed = true;
      this.flush();
      const dataBytes = this.written;
      this.chain = this.chain.then(async () => {
        const fh = await this.handle;
        await fh.write(
          wavHeader(dataBytes, this.channels, this.sampleRate),
          0,
          WAV_HEADER_LENGTH,
          0,
        );
        await fh.close();
      });
    }
    await this.chain;
    return {
      path: this.path,
      channels: this.channels,
      bytes: WAV_HEADER_LENGTH + this.written,
      durationMs: (this.written / (2 * this.channels) / this.sampleRate) * 1000,
    };
  }
}
