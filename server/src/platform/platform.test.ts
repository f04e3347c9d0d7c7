import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createFieldCipher, EventBus, isSealed, maskPhone, newId } from './index.ts';

describe('field cipher', () => {
  const cipher = createFieldCipher(randomBytes(32));

  it('seals to a prefixed value that opens to the original', () => {
    const sealed = cipher.seal('+8613812345678');
    expect(isSealed(sealed)).toBe(true);
    expect(sealed).not.toContain('13812345678');
    expect(cipher.open(sealed)).toBe('+8613812345678');
  });

  it('hashes deterministically for look-ups, differently per key', () => {
    expect(cipher.hash('+8613812345678')).toBe(cipher.hash('+8613812345678'));
    expect(createFieldCipher(randomBytes(32)).hash('+8613812345678')).not.toBe(
      cipher.hash('+8613812345678'),
    );
  });

  it('rejects a tampered value', () => {
    const sealed = cipher.seal('secret');
    const tampered = sealed.slice(0, -2) + (sealed.endsWith('A') ? 'BB' : 'AA');
    expect(() => cipher.open(tampered)).toThrow();
  });
});

describe('maskPhone', () => {
  it('masks the middle four digits of a mobile number', () => {
    expect(maskPhone('+8613812345678')).toBe('138****5678');
  });
  it('keeps only the last four digits of other numbers', () => {
    expect(maskPhone('+861088886666')).toBe('******6666');
    expect(maskPhone('12345')).toBe('*2345');
  });
});

describe('newId', () => {
  it('sorts later ids after earlier ones', async () => {
    const first = newId();
    await new Promise((r) => setTimeout(r, 2));
    expect(newId() > first).toBe(true);
    expect(first).toHaveLength(21);
  });
});

describe('EventBus', () => {
  it('delivers to every listener even when one throws', () => {
    const bus = new EventBus<{ ping: number }>();
    const got: number[] = [];
    bus.on('ping', () => {
      throw new Error('boom');
    });
    const off = bus.on('ping', (n) => got.push(n));
    bus.emit('ping', 1);
    off();
    bus.emit('ping', 2);
    expect(got).toEqual([1]);
  });
});
