import fs from 'node:fs';
import path from 'node:path';
import PDFDocument from 'pdfkit';

/**
 * Printable door plates (一户一码门牌): A4 portrait, 2 × 4 plates per page, dashed cut lines between them.
 * Text is set in Noto Sans Hans (Simplified Chinese, SIL Open Font License 1.1) from the npm package
 * @embedpdf/fonts-sc; pdfkit embeds only the glyphs used (a subset per document).
 */

export interface PlateInput {
  number: string;
  /** Already masked: 张*明. */
  headNameMasked: string;
  township: string;
  village: string;
  group: string;
  /** The QR image (PNG or JPEG bytes): a mini-program code, or a standard QR code of the H5 link. */
  qr: Buffer;
}

export interface DoorPlateDocument {
  /** What the plates are for, e.g. 安乐镇 红星村. */
  areaLabel: string;
  plates: PlateInput[];
  createdAt: Date;
}

const MM = 72 / 25.4;
/** Page and plate geometry in PDF points (1/72 inch), exported so a test can find the first plate on a rendered page. */
export const LAYOUT = (() => {
  const page = { width: 210 * MM, height: 297 * MM };
  const margin = 10 * MM;
  const footer = 6 * MM;
  const cols = 2;
  const rows = 4;
  const plateWidth = (page.width - 2 * margin) / cols;
  const plateHeight = (page.height - 2 * margin - footer) / rows;
  return { page, margin, footer, cols, rows, plateWidth, plateHeight, perPage: cols * rows };
})();

const RED = '#b3261e';
const INK = '#1a1a1a';
const GREY = '#666666';
const CUT = '#9e9e9e';

// The font file ships in an npm package so the deployed functions carry it (serverless.yml packages it with doorPlates).
const FONT_IN_PACKAGE = path.join('fonts', 'NotoSansHans-Medium.otf');
let fontBytes: Buffer | undefined;

function fontFile(): string {
  const candidates: string[] = [];
  try {
    // the package exports only its index (dist/index.cjs); the fonts sit beside dist/
    candidates.push(path.join(path.dirname(require.resolve('@embedpdf/fonts-sc')), '..', FONT_IN_PACKAGE));
  } catch {
    // bundled: no package to resolve; look where serverless.yml puts the file
  }
  candidates.push(path.join(process.cwd(), 'node_modules', '@embedpdf', 'fonts-sc', FONT_IN_PACKAGE));
  const found = candidates.find((f) => fs.existsSync(f));
  if (!found) throw new Error(`door plates: CJK font not found (looked in ${candidates.join(', ')})`);
  return found;
}

/** The font's bytes, read once per process (8 MB; only the glyphs printed end up in a PDF). */
export function cjkFont(): Buffer {
  fontBytes ??= fs.readFileSync(fontFile());
  return fontBytes;
}

/** Shrinks the size until the text fits the width (never below `min`). */
function fitSize(doc: PDFKit.PDFDocument, text: string, width: number, size: number, min = 7): number {
  let s = size;
  while (s > min && doc.fontSize(s).widthOfString(text) > width) s -= 0.5;
  return s;
}

function line(
  doc: PDFKit.PDFDocument, text: string, x: number, y: number, width: number, size: number,
  opts: { color?: string; align?: 'left' | 'center' } = {},
): void {
  const s = fitSize(doc, text, width, size);
  doc.fontSize(s).fillColor(opts.color ?? INK).text(text, x, y, { width, align: opts.align ?? 'left', lineBreak: false });
}

function drawPlate(doc: PDFKit.PDFDocument, p: PlateInput, x: number, y: number): void {
  const { plateWidth: w, plateHeight: h } = LAYOUT;
  const pad = 4 * MM;
  const band = 9 * MM;
  const instruction = 7 * MM;
  // title band
  doc.save().rect(x + pad, y + pad, w - 2 * pad, band).fill(RED).restore();
  line(doc, '一户一码', x + pad, y + pad + (band - 18) / 2 - 1, w - 2 * pad, 18, { color: '#ffffff', align: 'center' });

  // QR on the left, as large as the space allows
  const top = y + pad + band + 2 * MM;
  const qrSize = h - (top - y) - instruction - pad;
  doc.image(p.qr, x + pad, top, { width: qrSize, height: qrSize });

  // 户编号, 村/组, 户主 on the right
  const tx = x + pad + qrSize + 3 * MM;
  const tw = x + w - pad - tx;
  let ty = top + 1 * MM;
  const field = (label: string, value: string, size: number) => {
    line(doc, label, tx, ty, tw, 9, { color: GREY });
    ty += 12;
    line(doc, value, tx, ty, tw, size);
    ty += size + 7;
  };
  field('户编号', p.number, 12);
  field('村 / 组', `${p.village} ${p.group}`, 15);
  field('户主', p.headNameMasked, 18);

  // one line of instruction under the code
  line(doc, '扫码查看本户信息、一键申报', x + pad, y + h - pad - instruction + 2 * MM, w - 2 * pad, 12, {
    color: RED, align: 'center',
  });
}

/** Dashed lines along every plate edge, across the whole sheet, to cut along. */
function drawCutLines(doc: PDFKit.PDFDocument): void {
  const { page, margin, cols, rows, plateWidth, plateHeight } = LAYOUT;
  doc.save().lineWidth(0.5).strokeColor(CUT).dash(4, { space: 3 });
  for (let c = 0; c <= cols; c++) {
    const x = margin + c * plateWidth;
    doc.moveTo(x, margin / 2).lineTo(x, margin + rows * plateHeight + 1.5 * MM).stroke();
  }
  for (let r = 0; r <= rows; r++) {
    const y = margin + r * plateHeight;
    doc.moveTo(margin / 2, y).lineTo(page.width - margin / 2, y).stroke();
  }
  doc.undash().restore();
}

/** Renders the plates to PDF bytes; `pages` is how many A4 sheets. */
export async function renderDoorPlates(input: DoorPlateDocument): Promise<{ pdf: Buffer; pages: number }> {
  const doc = new PDFDocument({
    size: 'A4', margin: 0, autoFirstPage: false, compress: true,
    info: { Title: `一户一码门牌 ${input.areaLabel}`, Creator: '防返贫监测', CreationDate: input.createdAt },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    doc.on('end', () => resolve());
    doc.on('error', reject);
  });
  doc.registerFont('cjk', cjkFont());
  doc.font('cjk');

  const { perPage, cols, margin, plateWidth, plateHeight, page } = LAYOUT;
  const pages = Math.max(1, Math.ceil(input.plates.length / perPage));
  for (let n = 0; n < pages; n++) {
    doc.addPage({ size: 'A4', margin: 0 });
    drawCutLines(doc);
    const onPage = input.plates.slice(n * perPage, (n + 1) * perPage);
    onPage.forEach((p, i) => {
      drawPlate(doc, p, margin + (i % cols) * plateWidth, margin + Math.floor(i / cols) * plateHeight);
    });
    if (!input.plates.length) line(doc, '该地区没有农户', margin, margin, page.width - 2 * margin, 16);
    line(
      doc, `一户一码门牌 · ${input.areaLabel} · 沿虚线裁剪 · 第 ${n + 1} / ${pages} 页`,
      margin, page.height - margin - LAYOUT.footer + 2.5 * MM, page.width - 2 * margin, 9, { color: GREY, align: 'center' },
    );
  }
  doc.end();
  await done;
  return { pdf: Buffer.concat(chunks), pages };
}
