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
      return await blosc.decode(blob);
    case 'zstd':
      return zstdDecompress(blob);
    case 'lz4':
      return decompressFrameSync(Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength));
  }
}
