// Streaming WAV writer for recordings: the header goes first with zero sizes, samples are
// appended as they come, and the sizes are patched on close. Writes are batched (16 kB: 1 s of
// mono, 0.5 s of stereo) so a recording costs one write syscall per batch, not per packet. The
// batch buffers are reused once written: hundreds of recordings allocating fresh buffers made
// V8 run a full GC every ~0.5 s for the external memory, pausing the relay.
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
  /** The batch being filled; handed to the file when full, back in `spare` once written. */
  private batch: Buffer = Buffer.allocUnsafeSlow(FLUSH_BYTES);
  private batchBytes = 0;
  private readonly spare: Buffer[] = [];
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
    // A view; the bytes are copied into the batch at once since callers reuse their buffers.
    const bytes = Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength);
    let from = 0;
    while (from < bytes.length) {
      const count = Math.min(bytes.length - from, FLUSH_BYTES - this.batchBytes);
      bytes.copy(this.batch, this.batchBytes, from, from + count);
      this.batchBytes += count;
      from += count;
      if (this.batchBytes === FLUSH_BYTES) this.flush();
    }
  }

  /** Frames written so far (including those not yet flushed). */
  get frames(): number {
    return (this.written + this.batchBytes) / (2 * this.channels);
  }

  private flush(): void {
    if (this.batchBytes === 0) return;
    const data = this.batch;
    const length = this.batchBytes;
    this.batch = this.spare.pop() ?? Buffer.allocUnsafeSlow(FLUSH_BYTES);
    this.batchBytes = 0;
    this.written += length;
    const at = this.position;
    this.position += length;
    this.chain = this.chain.then(async () => {
      await (await this.handle).write(data, 0, length, at);
      this.spare.push(data);
    });
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
