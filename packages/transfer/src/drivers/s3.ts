import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { UserError } from '@dance/schema';
import { PARTIAL_SUFFIX, type Pieces, type SiteDriver, type SiteEntry } from './driver.js';

/** An unfinished multipart upload, as recorded next to its object: enough to continue it. */
interface PendingUpload {
  uploadId: string;
  parts: { PartNumber: number; ETag: string; size: number }[];
}

const DEFAULT_PART_SIZE = 8 << 20;

/**
 * An S3 bucket (`s3://bucket/prefix`, `?endpoint=http://host:port` for a non-AWS store,
 * `&part_size=<bytes>` for the multipart part size: 8 MiB by default, AWS needs at least 5 MiB).
 * Credentials come from the SDK's usual chain (AWS_ACCESS_KEY_ID, ~/.aws, ...).
 *
 * Files go up as multipart uploads, so an object appears only when complete and an interrupted upload
 * continues from its last stored part: the upload id and the parts stored so far are recorded in a
 * small object `<key>.dance-part` after every part (S3's own ListParts would do, but S3-compatible
 * servers such as s3rver lack it, and the record also marks what `dance check` must not call dark).
 * A file smaller than one part is a single PUT.
 */
export class S3Driver implements SiteDriver {
  readonly writesInPlace = true;
  readonly bucket: string;
  readonly prefix: string;
  readonly partSize: number;
  private readonly client: S3Client;

  constructor(url: string) {
    const u = new URL(url);
    if (u.protocol !== 's3:' || !u.hostname)
      throw new UserError(`S3 site URL ${url} must look like s3://bucket/prefix`);
    this.bucket = u.hostname;
    this.prefix = u.pathname.replace(/^\/+|\/+$/g, '');
    const partSize = u.searchParams.get('part_size');
    this.partSize = partSize === null ? DEFAULT_PART_SIZE : Number(partSize);
    if (!Number.isSafeInteger(this.partSize) || this.partSize < 1)
      throw new UserError(`S3 site URL ${url}: part_size '${partSize}' must be a positive number of bytes`);
    const endpoint = u.searchParams.get('endpoint') ?? undefined;
    this.client = new S3Client({
      endpoint,
      region: u.searchParams.get('region') ?? process.env.AWS_REGION ?? 'us-east-1',
      // path-style addressing works with any endpoint; without WHEN_REQUIRED the SDK adds trailing
      // checksums that S3-compatible servers (s3rver) store as part of the object
      forcePathStyle: endpoint !== undefined,
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  private key(path: string): string {
    return this.prefix ? `${this.prefix}/${path}` : path;
  }

  locate(path: string): string {
    return `s3://${this.bucket}/${this.key(path)}`;
  }

  async size(path: string): Promise<number | undefined> {
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: this.key(path) }));
      return head.ContentLength;
    } catch (err) {
      if (status(err) === 404) return undefined;
      throw err;
    }
  }

  async read(path: string, offset = 0): Promise<Pieces> {
    const range = offset > 0 ? `bytes=${offset}-` : undefined;
    const got = await this.client.send(
      new GetObjectCommand({ Bucket: this.bucket, Key: this.key(path), Range: range }),
    );
    return got.Body as unknown as Pieces;
  }

  async write(path: string, body: Pieces, options: { from?: number } = {}): Promise<{ adler32?: string }> {
    const from = options.from ?? 0;
    const upload = from > 0 ? await this.pending(path) : undefined;
    if (from > 0 && stored(upload) !== from)
      throw new Error(`${this.locate(path)}: the unfinished upload holds ${stored(upload)} bytes, not ${from}`);
    if (!upload) await this.abandon(path);
    try {
      await this.upload(path, body, upload);
      return {};
    } catch (err) {
      // the server refused the upload itself (AWS: 404 NoSuchUpload after a lifecycle rule aborted
      // it, 400 InvalidPart): it cannot be continued, so the next attempt starts over; network and
      // 5xx failures keep it. (s3rver answers such requests with 500, so only AWS-like servers get here.)
      const code = status(err) ?? 0;
      if (code >= 400 && code < 500) await this.abandon(path).catch(() => undefined); // err says more
      throw err;
    }
  }

  private async upload(path: string, body: Pieces, resumed: PendingUpload | undefined): Promise<void> {
    let upload = resumed;
    const target = { Bucket: this.bucket, Key: this.key(path) };
    // one part in memory, refilled: the SDK has sent it when UploadPart returns
    const part = Buffer.allocUnsafe(this.partSize);
    let filled = 0;
    const send = async () => {
      if (!upload) {
        const created = await this.client.send(new CreateMultipartUploadCommand(target));
        upload = { uploadId: created.UploadId as string, parts: [] };
      }
      const PartNumber = upload.parts.length + 1;
      const sent = await this.client.send(
        new UploadPartCommand({ ...target, UploadId: upload.uploadId, PartNumber, Body: part.subarray(0, filled) }),
      );
      upload.parts.push({ PartNumber, ETag: sent.ETag as string, size: filled });
      await this.record(path, upload);
      filled = 0;
    };
    for await (const piece of body) {
      for (let at = 0; at < piece.length; ) {
        const n = Math.min(piece.length - at, this.partSize - filled);
        part.set(piece.subarray(at, at + n), filled);
        filled += n;
        at += n;
        if (filled === this.partSize) await send();
      }
    }
    if (!upload) {
      await this.client.send(new PutObjectCommand({ ...target, Body: part.subarray(0, filled) }));
      return;
    }
    if (filled > 0) await send();
    const { uploadId, parts } = upload as PendingUpload;
    await this.client.send(
      new CompleteMultipartUploadCommand({
        ...target,
        UploadId: uploadId,
        MultipartUpload: { Parts: parts.map(({ PartNumber, ETag }) => ({ PartNumber, ETag })) },
      }),
    );
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.recordKey(path) }));
  }

  async kept(path: string): Promise<number> {
    return stored(await this.pending(path));
  }

  async rename(): Promise<void> {
    throw new Error('S3 sites write objects in place; rename is never needed');
  }

  async remove(path: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.key(path) }));
    await this.abandon(path);
  }

  async *list(): AsyncIterable<SiteEntry> {
    const start = this.prefix ? `${this.prefix}/` : '';
    let token: string | undefined;
    // bounded: each page advances the continuation token; S3 stops returning one at the end
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({ Bucket: this.bucket, Prefix: start, ContinuationToken: token }),
      );
      for (const o of page.Contents ?? []) yield { path: (o.Key ?? '').slice(start.length), size: o.Size ?? 0 };
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  private recordKey(path: string): string {
    return this.key(`${path}${PARTIAL_SUFFIX}`);
  }

  private async record(path: string, upload: PendingUpload): Promise<void> {
    const Body = JSON.stringify(upload);
    await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: this.recordKey(path), Body }));
  }

  /** The unfinished upload recorded for `path`; none when there is no record or it cannot be used. */
  private async pending(path: string): Promise<PendingUpload | undefined> {
    let text: string;
    try {
      const got = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.recordKey(path) }));
      text = (await got.Body?.transformToString()) ?? '';
    } catch (err) {
      if (status(err) === 404) return undefined;
      throw err;
    }
    return parseRecord(text);
  }

  /** Drops an unfinished upload of `path` and its record, if there is one. */
  private async abandon(path: string): Promise<void> {
    const upload = await this.pending(path);
    if (upload) {
      try {
        await this.client.send(
          new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: this.key(path), UploadId: upload.uploadId }),
        );
      } catch (err) {
        // gone already (404), or a server without abort (s3rver: 405): its parts are unreachable anyway
        if (![404, 405, 501].includes(status(err) ?? 0)) throw err;
      }
    }
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.recordKey(path) }));
  }
}

function status(err: unknown): number | undefined {
  return (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
}

function stored(upload: PendingUpload | undefined): number {
  return upload?.parts.reduce((sum, p) => sum + p.size, 0) ?? 0;
}

/** A record as written by `record`; anything else (truncated, edited) means starting over. */
function parseRecord(text: string): PendingUpload | undefined {
  try {
    const r = JSON.parse(text) as PendingUpload;
    const partOk = (p: PendingUpload['parts'][number], i: number) =>
      p.PartNumber === i + 1 && typeof p.ETag === 'string' && Number.isSafeInteger(p.size) && p.size > 0;
    return typeof r.uploadId === 'string' && Array.isArray(r.parts) && r.parts.every(partOk) ? r : undefined;
  } catch {
    return undefined;
  }
}
