import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { FileOwner, FileStorage, StoredFile } from '../ports/file-storage';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

interface Meta {
  contentType: string;
  owner: FileOwner;
  size: number;
}

/**
 * Files on the local disk, under `<dir>/<first two characters of the id>/`: `<id>.bin` holds the bytes and
 * `<id>.json` what they are and who stored them. Each is written to a temporary name and renamed into place, the
 * description last, so a file is either whole or not there at all.
 */
export class LocalFileStorage implements FileStorage {
  constructor(private readonly dir: string) {}

  private paths(id: string) {
    const folder = path.join(this.dir, id.slice(0, 2));
    return { folder, bytes: path.join(folder, `${id}.bin`), meta: path.join(folder, `${id}.json`) };
  }

  async put(bytes: Uint8Array, contentType: string, owner: FileOwner): Promise<string> {
    const id = crypto.randomUUID();
    const p = this.paths(id);
    await fs.mkdir(p.folder, { recursive: true });
    const meta: Meta = { contentType, owner, size: bytes.byteLength };
    await writeWhole(p.bytes, bytes);
    await writeWhole(p.meta, JSON.stringify(meta));
    return id;
  }

  async get(id: string): Promise<StoredFile | null> {
    if (!UUID.test(id)) return null; // nothing outside the folder can be named
    const p = this.paths(id);
    let meta: Meta;
    try {
      meta = JSON.parse(await fs.readFile(p.meta, 'utf8')) as Meta;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
    return { bytes: await fs.readFile(p.bytes), contentType: meta.contentType, owner: meta.owner };
  }
}

async function writeWhole(file: string, data: Uint8Array | string): Promise<void> {
  const tmp = `${file}.${crypto.randomBytes(6).toString('hex')}.tmp`;
  await fs.writeFile(tmp, data, { flag: 'wx', mode: 0o600 });
  await fs.rename(tmp, file);
}
