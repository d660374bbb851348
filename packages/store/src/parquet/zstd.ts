/**
 * zstd through zstd-napi's low-level binding: it compresses into and decompresses into buffers we
 * own, so a page goes straight into its column without an intermediate copy (the high-level
 * `compress`/`decompress` allocate a new Buffer per call).
 */
import zstd from 'zstd-napi/binding.js';

let cctx: InstanceType<typeof zstd.CCtx> | undefined;
let cctxLevel = Number.NaN;
let dctx: InstanceType<typeof zstd.DCtx> | undefined;

/** Upper bound of the compressed size of `n` bytes. */
export function compressBound(n: number): number {
  return zstd.compressBound(n);
}

/**
 * Compresses `src` into `dst` (at least `compressBound(src.length)` bytes) as one zstd frame with
 * a content checksum, so a damaged page fails to read instead of decoding to wrong numbers.
 * Returns the compressed length.
 */
export function compressInto(dst: Uint8Array, src: Uint8Array, level: number): number {
  if (!cctx) {
    cctx = new zstd.CCtx();
    cctx.setParameter(zstd.CParameter.checksumFlag, 1);
  }
  if (cctxLevel !== level) {
    cctx.setParameter(zstd.CParameter.compressionLevel, level);
    cctxLevel = level;
  }
  return cctx.compress2(dst, src);
}

/** Decompresses one or more whole zstd frames in `src` into `dst`; returns the bytes written. */
export function decompressInto(dst: Uint8Array, src: Uint8Array): number {
  dctx ??= new zstd.DCtx();
  return dctx.decompress(dst, src);
}
