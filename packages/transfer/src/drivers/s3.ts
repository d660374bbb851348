import type { Readable } from 'node:stream';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { UserError } from '@dance/schema';
import type { SiteDriver, SiteEntry } from './driver.js';

/**
 * An S3 bucket (`s3://bucket/prefix`, `?endpoint=http://host:port` for a non-AWS store). Credentials
 * come from the SDK's usual chain (AWS_ACCESS_KEY_ID, ~/.aws, ...). Multipart uploads make writes
 * atomic: an object appears only when complete, so no staging name is needed.
 */
export class S3Driver implements SiteDriver {
  readonly canAppend = false;
  readonly writesInPlace = true;
  readonly bucket: string;
  readonly prefix: string;
  private readonly client: S3Client;

  constructor(url: string) {
    const u = new URL(url);
    if (u.protocol !== 's3:' || !u.hostname)
      throw new UserError(`S3 site URL ${url} must look like s3://bucket/prefix`);
    this.bucket = u.hostname;
    this.prefix = u.pathname.replace(/^\/+|\/+$/g, '');
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
      if ((err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return undefined;
      throw err;
    }
  }

  async read(path: string, offset = 0): Promise<Readable> {
    const range = offset > 0 ? `bytes=${offset}-` : undefined;
    const got = await this.client.send(
      new GetObjectCommand({ Bucket: this.bucket, Key: this.key(path), Range: range }),
    );
    return got.Body as Readable;
  }

  async write(path: string, body: Readable): Promise<void> {
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.bucket, Key: this.key(path), Body: body },
      partSize: 8 << 20,
      queueSize: 2,
      leavePartsOnError: false,
    });
    await upload.done();
  }

  async rename(): Promise<void> {
    throw new Error('S3 sites write objects in place; rename is never needed');
  }

  async remove(path: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.key(path) }));
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
}
