import { CompressionType, compressionRegistry } from 'apache-arrow';
import { compress, decompress } from 'zstd-napi';

/**
 * zstd level for Arrow buffers. Level 1 keeps writes several times faster than strax's level 3
 * with the same ratio on our waveforms (bench/store); readers need no setting.
 */
export const ZSTD_LEVEL = 1;

let registered = false;

/** apache-arrow ships no codecs: register zstd-napi, the fastest zstd on our machines. */
export function registerZstd(): void {
  if (registered) return;
  compressionRegistry.set(CompressionType.ZSTD, {
    encode: (data) => compress(data, { compressionLevel: ZSTD_LEVEL }),
    decode: (data) => decompress(data),
  });
  registered = true;
}

/** Bytes zstd makes of `data` at the Arrow level. */
export function compressedSize(data: Uint8Array): number {
  return compress(data, { compressionLevel: ZSTD_LEVEL }).length;
}
