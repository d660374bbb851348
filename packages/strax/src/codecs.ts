import { decompressFrameSync } from 'lz4-napi';
import Blosc from 'numcodecs/blosc';
import { decompress as zstdDecompress } from 'zstd-napi';

/** Compressors strax writes chunks with (strax/io.py); bz2 is rare and not supported. */
export const STRAX_COMPRESSORS = ['blosc', 'zstd', 'lz4'] as const;
export type StraxCompressor = (typeof STRAX_COMPRESSORS)[number];

export function isStraxCompressor(s: unknown): s is StraxCompressor {
  return (STRAX_COMPRESSORS as readonly unknown[]).includes(s);
}

// Blosc's header records the codec and shuffle it was written with, so one decoder reads them all.
const blosc = Blosc.fromConfig({ id: 'blosc' });

/** Decompresses one strax chunk file (one blob, no container): blosc, a zstd frame or an lz4 frame. */
export async function decompressChunk(compressor: StraxCompressor, blob: Uint8Array): Promise<Uint8Array> {
  switch (compressor) {
    case 'blosc':
      return await decodeBlosc(blob);
    case 'zstd':
      return zstdDecompress(blob);
    case 'lz4':
      return decompressFrameSync(Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength));
  }
}

/** numcodecs' Blosc returns an empty buffer instead of failing; the 16-byte header says what to expect. */
async function decodeBlosc(blob: Uint8Array): Promise<Uint8Array> {
  if (blob.byteLength < 16) throw new Error('shorter than a blosc header');
  const nbytes = new DataView(blob.buffer, blob.byteOffset, 16).getUint32(4, true);
  const out = await blosc.decode(blob);
  if (out.byteLength !== nbytes)
    throw new Error(`blosc decoded ${out.byteLength} of the ${nbytes} bytes its header promises`);
  return out;
}
