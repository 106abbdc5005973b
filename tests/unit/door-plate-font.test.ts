import fs from 'node:fs';
import path from 'node:path';
import * as fontkit from 'fontkit';
import { cjkFont } from '../../functions/src/adapters/door-plates-pdf';
import { ROOT } from '../support/paths';

/** Every character of GB 2312 (the 6,763 hanzi and its symbols), decoded from its two-byte code table. */
function gb2312(): string[] {
  const bytes: number[] = [];
  for (let hi = 0xa1; hi <= 0xf7; hi++) {
    if (hi >= 0xaa && hi <= 0xaf) continue; // unassigned rows
    for (let lo = 0xa1; lo <= 0xfe; lo++) bytes.push(hi, lo);
  }
  // unassigned cells decode to U+FFFD or to the private use area
  return Array.from(new TextDecoder('gb18030').decode(Uint8Array.from(bytes)))
    .filter((c) => c.codePointAt(0)! > 0x2e7f && !(c >= '\ue000' && c <= '\uf8ff') && c !== '\ufffd');
}

test('the plate font has a glyph for every character the plates can print', () => {
  const font = fontkit.create(cjkFont()) as fontkit.Font;
  const sources = ['functions/src/seed/synthetic.ts', 'functions/src/seed/demo-county.ts', 'functions/src/adapters/door-plates-pdf.ts']
    .map((f) => fs.readFileSync(path.join(ROOT, f), 'utf8')).join('');
  const seeded = [...new Set(Array.from(sources).filter((c) => c.codePointAt(0)! > 0x2e7f))];
  const all = [...new Set([...seeded, ...gb2312(), ...'0123456789*/·、，'])];
  expect(all.length).toBeGreaterThan(6763);
  const missing = all.filter((c) => !font.hasGlyphForCodePoint(c.codePointAt(0)!));
  expect(missing.map((c) => `${c} U+${c.codePointAt(0)!.toString(16)}`)).toEqual([]);
});
