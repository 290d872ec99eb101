/** Builds a DNS message, writing names with RFC 1035 compression: a suffix already written becomes a pointer. */
export class PacketWriter {
  private buffer = Buffer.alloc(512);
  private length = 0;
  private readonly suffixes = new Map<string, number>();

  get size(): number {
    return this.length;
  }

  private reserve(count: number): number {
    if (this.length + count > this.buffer.length) {
      const grown = Buffer.alloc(Math.max(this.buffer.length * 2, this.length + count));
      this.buffer.copy(grown, 0, 0, this.length);
      this.buffer = grown;
    }
    const at = this.length;
    this.length += count;
    return at;
  }

  bytes(data: Uint8Array): void {
    // reserve() may replace the buffer, so it has to run before the buffer is read.
    const at = this.reserve(data.length);
    this.buffer.set(data, at);
  }

  u16(value: number): number {
    const at = this.reserve(2);
    this.buffer.writeUInt16BE(value, at);
    return at;
  }

  u32(value: number): void {
    const at = this.reserve(4);
    this.buffer.writeUInt32BE(value, at);
  }

  /** Overwrites a 16-bit field written earlier, e.g. an RDLENGTH known only after its data. */
  patchU16(at: number, value: number): void {
    this.buffer.writeUInt16BE(value, at);
  }

  name(name: string): void {
    const labels = name === '' ? [] : name.split('.');
    for (let i = 0; i < labels.length; i += 1) {
      const suffix = labels.slice(i).join('.').toLowerCase();
      const pointer = this.suffixes.get(suffix);
      if (pointer !== undefined) {
        this.u16(0xc000 | pointer);
        return;
      }
      // Pointers have 14 bits, so only names early in the message can be pointed at.
      if (this.length < 0x4000) this.suffixes.set(suffix, this.length);
      const label = Buffer.from(labels[i] ?? '', 'latin1');
      this.bytes(Uint8Array.of(label.length));
      this.bytes(label);
    }
    this.bytes(Uint8Array.of(0));
  }

  toBuffer(): Buffer {
    return Buffer.from(this.buffer.subarray(0, this.length));
  }
}
