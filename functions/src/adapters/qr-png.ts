import zlib from 'node:zlib';
import QRCode from 'qrcode';

/**
 * A standard QR code as a grey-scale PNG, encoded here with node:zlib (qrcode's own PNG writer goes through pngjs,
 * pure JavaScript and many times slower). `width` is a target: modules are whole pixels, so the image may be smaller.
 */
export function qrPng(text: string, opts: { width: number; margin?: number }): Buffer {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const margin = opts.margin ?? 4; // the quiet zone the standard asks for
  const total = n + 2 * margin;
  const scale = Math.max(1, Math.floor(opts.width / total));
  const px = total * scale;
  const stride = px + 1; // each scanline starts with its filter byte (0: none)
  const raw = Buffer.alloc(stride * px, 0xff);
  for (let y = 0; y < px; y++) {
    raw[y * stride] = 0;
    const row = Math.floor(y / scale) - margin;
    if (row < 0 || row >= n) continue;
    for (let col = 0; col < n; col++) {
      if (!qr.modules.get(row, col)) continue;
      const start = y * stride + 1 + (col + margin) * scale;
      raw.fill(0, start, start + scale);
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(px, 0);
  ihdr.writeUInt32BE(px, 4);
  ihdr.set([8, 0, 0, 0, 0], 8); // 8-bit grey, deflate, adaptive filtering, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(data, zlib.crc32(head.subarray(4))), 0);
  return Buffer.concat([head, data, crc]);
}
