import { once } from 'node:events';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { UserError } from '@dance/schema';
import { isLent, type Pieces, type SiteDriver, type SiteEntry } from './driver.js';

/**
 * An HTTP/WebDAV endpoint such as XRootD's XrdHttp (`http://host:port/path`, `davs://` = https).
 * XRootD 5.5 facts this relies on: PUT makes parent folders; GET/HEAD honour Range; `Want-Digest:
 * adler32` returns the server's own checksum, so verification need not read the bytes back; PROPFIND
 * lists; MOVE renames (201), so a file is written as `<name>.dance-part` and gets its name only once
 * verified (COPY is what it lacks). It matches header names case-sensitively, which is why requests
 * go through node:http (fetch lowercases every header name).
 */
export class WebdavDriver implements SiteDriver {
  readonly writesInPlace = false;
  readonly base: URL;

  constructor(url: string) {
    const u = new URL(url.replace(/^davs:/, 'https:').replace(/^dav:/, 'http:'));
    if (u.protocol !== 'http:' && u.protocol !== 'https:') {
      throw new UserError(`WebDAV site URL ${url} must start with http://, https://, dav:// or davs://`);
    }
    if (!u.pathname.endsWith('/')) u.pathname += '/';
    this.base = u;
  }

  locate(path: string): string {
    return new URL(path.split('/').map(encodeURIComponent).join('/'), this.base).href;
  }

  /** Sends one request (with `body` streamed when given) and returns the answer, failing on 4xx/5xx not in `ok`. */
  private async request(
    method: string,
    path: string,
    headers: Record<string, string> = {},
    ok: number[] = [],
    body?: Pieces,
  ): Promise<IncomingMessage> {
    const url = this.locate(path);
    const send = url.startsWith('https:') ? httpsRequest : httpRequest;
    // no connection reuse: XRootD closes idle HTTP connections, which a pooled socket learns too late
    const req = send(url, { method, headers, agent: false });
    const answer = once(req, 'response') as Promise<[IncomingMessage]>;
    try {
      // the socket may hold a written buffer until it drains: a lent piece is copied
      for await (const piece of body ?? []) {
        if (!req.write(isLent(piece) ? Buffer.from(piece) : piece)) await once(req, 'drain');
      }
      req.end();
    } catch (err) {
      answer.catch(() => undefined); // the request is abandoned: its answer, or its error, is not wanted
      req.destroy(err as Error);
      throw err;
    }
    const [res] = await answer;
    const status = res.statusCode ?? 500;
    if (status >= 400 && !ok.includes(status)) {
      res.resume();
      throw new Error(`${method} ${url}: HTTP ${status} ${res.statusMessage}`);
    }
    return res;
  }

  async size(path: string): Promise<number | undefined> {
    const res = await this.request('HEAD', path, {}, [404]);
    res.resume();
    return res.statusCode === 404 ? undefined : Number(res.headers['content-length']);
  }

  async read(path: string, offset = 0): Promise<Pieces> {
    // XRootD 5.5 answers an open-ended range (bytes=N-) with nothing: name the last byte
    const end = offset > 0 ? await this.size(path) : undefined;
    if (end !== undefined && offset >= end) return [];
    const res = await this.request('GET', path, end !== undefined ? { Range: `bytes=${offset}-${end - 1}` } : {});
    if (offset > 0 && res.statusCode !== 206) {
      res.resume();
      throw new Error(`GET ${this.locate(path)}: the server ignored the byte range`);
    }
    return res;
  }

  /**
   * XRootD 5.5.3 cannot continue an upload over HTTP: a PUT with `Content-Range` answers 200 but
   * replaces the file with the body alone, PATCH and POST answer 501, and `xrdcp --continue` only
   * continues downloads (packages/transfer/test/drivers.test.ts checks the first). So an interrupted
   * PUT starts again from the first byte.
   */
  async write(path: string, body: Pieces, options: { size?: number } = {}): Promise<{ adler32?: string }> {
    // XRootD drops a chunked PUT body: the length must be announced
    const headers: Record<string, string> =
      options.size !== undefined ? { 'Content-Length': String(options.size) } : {};
    (await this.request('PUT', path, headers, [], body)).resume();
    return {};
  }

  async kept(_path: string): Promise<number> {
    return 0;
  }

  async rename(from: string, to: string): Promise<void> {
    (await this.request('MOVE', from, { Destination: this.locate(to), Overwrite: 'T' })).resume();
  }

  async remove(path: string): Promise<void> {
    (await this.request('DELETE', path, {}, [404])).resume();
  }

  async serverAdler32(path: string): Promise<string | undefined> {
    const res = await this.request('HEAD', path, { 'Want-Digest': 'adler32' });
    res.resume();
    const digest = /adler32=([0-9a-fA-F]{1,8})/.exec(String(res.headers.digest ?? ''));
    return digest ? digest[1].toLowerCase().padStart(8, '0') : undefined;
  }

  async *list(): AsyncIterable<SiteEntry> {
    // breadth-first over collections; each folder is visited once, so the walk ends
    const folders = [''];
    for (let i = 0; i < folders.length; i++) {
      const res = await this.request('PROPFIND', folders[i], { Depth: '1' }, [404]);
      let xml = '';
      for await (const piece of res) xml += piece;
      if (res.statusCode === 404) continue;
      for (const entry of parseMultistatus(xml)) {
        const path = decodeURIComponent(entry.href).slice(this.base.pathname.length).replace(/\/$/, '');
        if (path === '' || `${path}/` === folders[i]) continue;
        if (entry.collection) folders.push(`${path}/`);
        else yield { path, size: entry.size };
      }
    }
  }
}

/** The hrefs, sizes and kinds of a PROPFIND answer (namespace prefixes vary between servers). */
function parseMultistatus(xml: string): { href: string; size: number; collection: boolean }[] {
  const out = [];
  for (const m of xml.matchAll(/<(?:\w+:)?response\b[\s\S]*?<\/(?:\w+:)?response>/g)) {
    const block = m[0];
    const href = /<(?:\w+:)?href>([^<]*)</.exec(block)?.[1] ?? '';
    const size = Number(/<(?:\w+:)?getcontentlength>(\d+)</.exec(block)?.[1] ?? 0);
    out.push({ href: new URL(href, 'http://x').pathname, size, collection: /<(?:\w+:)?collection\s*\/?>/.test(block) });
  }
  return out;
}
