// Minimal bencode (BitTorrent BEP 3) for rtpengine's ng control protocol: strings, integers,
// lists and dictionaries (keys sorted, as the format requires).
export type Bencoded = string | number | Bencoded[] | { [key: string]: Bencoded };

export function bencode(value: Bencoded): Buffer {
  if (typeof value === 'number') return Buffer.from(`i${Math.trunc(value)}e`);
  if (typeof value === 'string') {
    const bytes = Buffer.from(value, 'utf8');
    return Buffer.concat([Buffer.from(`${bytes.length}:`), bytes]);
  }
  if (Array.isArray(value))
    return Buffer.concat([Buffer.from('l'), ...value.map(bencode), Buffer.from('e')]);
  const keys = Object.keys(value).sort();
  return Buffer.concat([
    Buffer.from('d'),
    ...keys.flatMap((key) => [bencode(key), bencode(value[key]!)]),
    Buffer.from('e'),
  ]);
}

export function bdecode(data: Buffer): Bencoded {
  let offset = 0;
  const read = (): Bencoded => {
    const c = String.fromCharCode(data[offset]!);
    if (c === 'i') {
      const end = data.indexOf(0x65, offset); // 'e'
      const n = Number(data.toString('ascii', offset + 1, end));
      offset = end + 1;
      return n;
    }
    if (c === 'l') {
      offset++;
      const list: Bencoded[] = [];
      while (data[offset] !== 0x65) list.push(read());
      offset++;
      return list;
    }
    if (c === 'd') {
      offset++;
      const dict: { [key: string]: Bencoded } = {};
      while (data[offset] !== 0x65) {
        const key = read() as string;
        dict[key] = read();
      }
      offset++;
      return dict;
    }
    const colon = data.indexOf(0x3a, offset); // ':'
    const length = Number(data.toString('ascii', offset, colon));
    const text = data.toString('utf8', colon + 1, colon + 1 + length);
    offset = colon + 1 + length;
    return text;
  };
  return read();
}
