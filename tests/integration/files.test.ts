import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MAX_PHOTO_BYTES } from '@shared/contracts/files';
import { qrPng } from '../../functions/src/adapters/qr-png';
import { LocalFileStorage } from '../../functions/src/adapters/local-file-storage';
import { startApp, type TestApp } from '../support/app';

/** A real PNG (a QR code) and bytes that start as a JPEG does (synthetic: only the first bytes are checked). */
const PNG = qrPng('入户核实照片', { width: 200 });
const jpeg = (size: number) => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), crypto.randomBytes(size - 4)]);

/** Every stored file on disk (bytes and description), to show a refusal stores nothing. */
function filesOnDisk(app: TestApp): string[] {
  const dir = path.join(app.deps.config.dataDir, 'files');
  return fs.existsSync(dir) ? fs.readdirSync(dir, { recursive: true }).map(String).filter((f) => f.includes('.')) : [];
}

describe('photos: upload and read back', () => {
  let app: TestApp;
  const tokens: Record<string, string> = {};
  beforeAll(async () => {
    app = await startApp();
    for (const u of ['grid', 'grid-qh-al-hx-2', 'village', 'township', 'county', 'inspector', 'dept-medical', 'farmer']) {
      tokens[u] = (await app.login(u)).token;
    }
  });
  afterAll(() => app.close());

  const upload = (who: string, body: unknown) => app.request('POST', '/api/files', { token: tokens[who], body });
  const fetchFile = (who: string, id: string) => app.request('GET', `/api/files/${id}`, { token: tokens[who] });
  const refusal = (res: { status: number; body: any }) => [res.status, res.body?.error?.code];

  test('a PNG uploaded by the grid member comes back byte for byte, to the staff over the group', async () => {
    const res = await upload('grid', { contentType: 'image/png', base64: PNG.toString('base64') });
    expect(res.status).toBe(201);
    expect(res.body.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    for (const who of ['grid', 'village', 'township', 'county', 'inspector']) {
      const got = await fetchFile(who, res.body.id);
      expect([who, got.status]).toEqual([who, 200]);
      expect(got.body).toEqual({ id: res.body.id, contentType: 'image/png', contentBase64: PNG.toString('base64') });
      expect(Buffer.from(got.body.contentBase64, 'base64').equals(PNG)).toBe(true);
    }
  });

  test('a JPEG of 2 MB round-trips identically and is kept under the data directory', async () => {
    const bytes = jpeg(2 * 1024 * 1024);
    const res = await upload('grid', { contentType: 'image/jpeg', base64: bytes.toString('base64') });
    expect(res.status).toBe(201);
    const got = await fetchFile('grid', res.body.id);
    expect(got.body.contentType).toBe('image/jpeg');
    expect(Buffer.from(got.body.contentBase64, 'base64').equals(bytes)).toBe(true);
    expect(filesOnDisk(app)).toEqual(expect.arrayContaining([expect.stringContaining(`${res.body.id}.bin`)]));
  });

  test('a village cadre’s photo is seen by the village’s grid members; another group’s grid member sees nothing of ours', async () => {
    const byVillage = await upload('village', { contentType: 'image/png', base64: PNG.toString('base64') });
    expect(byVillage.status).toBe(201);
    expect((await fetchFile('grid', byVillage.body.id)).status).toBe(200);
    expect((await fetchFile('grid-qh-al-hx-2', byVillage.body.id)).status).toBe(200);

    const byGrid = await upload('grid', { contentType: 'image/png', base64: PNG.toString('base64') });
    const elsewhere = await fetchFile('grid-qh-al-hx-2', byGrid.body.id);
    const unknown = await fetchFile('grid-qh-al-hx-2', crypto.randomUUID());
    // out of area reads exactly like an id that does not exist
    expect(refusal(elsewhere)).toEqual([404, 'FILE.NOT_FOUND']);
    expect(elsewhere.body.error.message).toBe(unknown.body.error.message);
    expect(refusal(unknown)).toEqual([404, 'FILE.NOT_FOUND']);
  });

  test('contents that are not the declared type → 422 FILE.TYPE_MISMATCH, nothing stored', async () => {
    const before = filesOnDisk(app);
    for (const [contentType, bytes] of [
      ['image/jpeg', PNG], // a PNG called a JPEG
      ['image/png', jpeg(1000)], // a JPEG called a PNG
      ['image/png', Buffer.from('<html>not a photo</html>')],
      ['image/jpeg', Buffer.from([0xff, 0xd8, 0xff])], // only the magic bytes
    ] as const) {
      const res = await upload('grid', { contentType, base64: bytes.toString('base64') });
      expect(refusal(res)).toEqual([422, 'FILE.TYPE_MISMATCH']);
      expect(res.body.error.message).toBe('文件内容与所选格式不符：只能上传 JPEG 或 PNG 照片');
    }
    expect(filesOnDisk(app)).toEqual(before);
  });

  test('over 3 MB → 413 FILE.TOO_LARGE; exactly 3 MB is fine; far over is refused by the gateway', async () => {
    const before = filesOnDisk(app);
    const over = await upload('grid', { contentType: 'image/jpeg', base64: jpeg(MAX_PHOTO_BYTES + 1).toString('base64') });
    expect(refusal(over)).toEqual([413, 'FILE.TOO_LARGE']);
    expect(over.body.error.message).toContain('3 MB');
    expect(filesOnDisk(app)).toEqual(before);
    const far = await upload('grid', { contentType: 'image/jpeg', base64: jpeg(5 * 1024 * 1024).toString('base64') });
    expect(refusal(far)).toEqual([413, 'REQUEST.TOO_LARGE']);
    const exact = await upload('grid', { contentType: 'image/jpeg', base64: jpeg(MAX_PHOTO_BYTES).toString('base64') });
    expect(exact.status).toBe(201);
  });

  test('only staff: farmers and department users → 403, inspectors only read, no token → 401', async () => {
    const body = { contentType: 'image/png', base64: PNG.toString('base64') };
    const stored = await upload('grid', body);
    for (const who of ['farmer', 'dept-medical', 'inspector']) {
      expect([who, ...refusal(await upload(who, body))]).toEqual([who, 403, 'AUTH.FORBIDDEN']);
    }
    for (const who of ['farmer', 'dept-medical']) {
      expect([who, ...refusal(await fetchFile(who, stored.body.id))]).toEqual([who, 403, 'AUTH.FORBIDDEN']);
    }
    expect(refusal(await app.request('POST', '/api/files', { body }))).toEqual([401, 'AUTH.REQUIRED']);
    expect(refusal(await app.request('GET', `/api/files/${stored.body.id}`))).toEqual([401, 'AUTH.REQUIRED']);
  });

  test('bad requests → 400 with the field and a Chinese message', async () => {
    const cases: [unknown, string, string][] = [
      [{ contentType: 'image/gif', base64: PNG.toString('base64') }, 'contentType', '照片只能是 JPEG 或 PNG 格式'],
      [{ contentType: 'image/png', base64: 'not base64!' }, 'base64', '照片内容不是有效的 base64 编码'],
      [{ contentType: 'image/png', base64: '' }, 'base64', '请选择照片'],
    ];
    for (const [body, field, message] of cases) {
      const res = await upload('grid', body);
      expect(refusal(res)).toEqual([400, 'REQUEST.INVALID']);
      expect(res.body.error.issues).toEqual(expect.arrayContaining([{ path: field, message }]));
    }
    expect(refusal(await fetchFile('grid', '..%2F..%2Fsecrets.json'))).toEqual([400, 'REQUEST.INVALID']);
  });
});

describe('LocalFileStorage', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ff-files-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const owner = { userId: 'u1', areaPath: '/qh/qh-al/' };

  test('put then get; each put is a new id; unknown, malformed and half-written ids are null', async () => {
    const store = new LocalFileStorage(dir);
    const a = await store.put(PNG, 'image/png', owner);
    const b = await store.put(PNG, 'image/png', owner);
    expect(a).not.toBe(b);
    const got = await store.get(a);
    expect(got).toEqual({ bytes: PNG, contentType: 'image/png', owner });
    expect(await new LocalFileStorage(dir).get(b)).not.toBeNull(); // survives a restart
    expect(await store.get(crypto.randomUUID())).toBeNull();
    expect(await store.get('../secrets')).toBeNull();
    // bytes written but the description not yet: not there
    fs.rmSync(path.join(dir, b.slice(0, 2), `${b}.json`));
    expect(await store.get(b)).toBeNull();
    expect(fs.readdirSync(dir, { recursive: true }).map(String).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
