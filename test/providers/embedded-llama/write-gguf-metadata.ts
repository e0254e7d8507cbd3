import { readFile, writeFile } from 'node:fs/promises';

/** GGUF value type 8 is a string; these are the byte sizes of the fixed-size types. */
const stringType = 8;
const arrayType = 9;
const scalarSizes: Record<number, number> = { 0: 1, 1: 1, 2: 2, 3: 2, 4: 4, 5: 4, 6: 4, 7: 1, 10: 8, 11: 8, 12: 8 };
const alignment = 32;

/**
 * Copies a GGUF v3 file with one string metadata entry added (e.g. `tokenizer.chat_template`),
 * so tests can run the real shipped weights under a chat template. Layout: header, metadata,
 * tensor infos, padding to 32 bytes, tensor data; tensor offsets are relative to the data start,
 * so only the header count and the padding change.
 */
export async function writeGgufWithMetadata(sourcePath: string, targetPath: string, key: string, value: string): Promise<void> {
  const source = await readFile(sourcePath);
  if (source.toString('latin1', 0, 4) !== 'GGUF' || source.readUInt32LE(4) !== 3) throw new Error('not a GGUF v3 file');
  const tensorCount = Number(source.readBigUInt64LE(8));
  const metadataCount = source.readBigUInt64LE(16);
  let offset = 24;
  const skipString = () => {
    offset += 8 + Number(source.readBigUInt64LE(offset));
  };
  const skipValue = (type: number): void => {
    if (type === stringType) return skipString();
    if (type === arrayType) {
      const itemType = source.readUInt32LE(offset);
      const count = Number(source.readBigUInt64LE(offset + 4));
      offset += 12;
      for (let index = 0; index < count; index++) skipValue(itemType);
      return;
    }
    const size = scalarSizes[type];
    if (size === undefined) throw new Error(`unknown GGUF value type ${type}`);
    offset += size;
  };
  for (let index = 0n; index < metadataCount; index++) {
    skipString();
    const type = source.readUInt32LE(offset);
    offset += 4;
    skipValue(type);
  }
  const metadataEnd = offset;
  for (let index = 0; index < tensorCount; index++) {
    skipString();
    const dimensions = source.readUInt32LE(offset);
    offset += 4 + 8 * dimensions + 4 + 8;
  }
  const header = Buffer.from(source.subarray(0, 24));
  header.writeBigUInt64LE(metadataCount + 1n, 16);
  const head = Buffer.concat([
    header,
    source.subarray(24, metadataEnd),
    encodeStringEntry(key, value),
    source.subarray(metadataEnd, offset),
  ]);
  const padding = Buffer.alloc(alignUp(head.length) - head.length);
  await writeFile(targetPath, Buffer.concat([head, padding, source.subarray(alignUp(offset))]));
}

function encodeStringEntry(key: string, value: string): Buffer {
  const keyBytes = Buffer.from(key, 'utf8');
  const valueBytes = Buffer.from(value, 'utf8');
  const entry = Buffer.alloc(8 + keyBytes.length + 4 + 8 + valueBytes.length);
  entry.writeBigUInt64LE(BigInt(keyBytes.length), 0);
  keyBytes.copy(entry, 8);
  entry.writeUInt32LE(stringType, 8 + keyBytes.length);
  entry.writeBigUInt64LE(BigInt(valueBytes.length), 12 + keyBytes.length);
  valueBytes.copy(entry, 20 + keyBytes.length);
  return entry;
}

function alignUp(length: number): number {
  return Math.ceil(length / alignment) * alignment;
}
