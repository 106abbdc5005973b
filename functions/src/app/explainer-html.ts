import { marked } from 'marked';
import sanitizeHtml from 'sanitize-html';
import { MAX_EXPLAINER_IMAGE_BYTES, MAX_EXPLAINER_IMAGES } from '@shared/contracts/awareness';
import type { PhotoContentType } from '@shared/contracts/files';
import { AppError } from '@shared/domain/errors';
import type { FileStorage } from '../ports/file-storage';
import { hasMagicBytes } from './files';

/**
 * The tags an explainer may keep: headings, paragraphs, lists, emphasis, quotes and images. Everything else goes:
 * scripts and styles with their content, other tags (links, tables, forms, iframes…) leaving their text, and every
 * attribute but an image's src and alt.
 */
export const EXPLAINER_TAGS = ['h2', 'h3', 'h4', 'p', 'ul', 'ol', 'li', 'strong', 'em', 'b', 'i', 'br', 'blockquote', 'img'];

/** ![说明](file:<id>): an image uploaded through uploadExplainerImage. */
const FILE_SRC = /^file:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;
const IMAGE_TYPES: readonly string[] = ['image/jpeg', 'image/png'] satisfies PhotoContentType[];

/** The whitelist, with each image's src put through `inline`: a data: URI it returns is kept, anything else drops the image. */
function clean(html: string, inline: (src: string) => string | null): string {
  return sanitizeHtml(html, {
    allowedTags: EXPLAINER_TAGS,
    allowedAttributes: { img: ['src', 'alt'] },
    allowedSchemes: [],
    allowedSchemesByTag: { img: ['data'] },
    allowedSchemesAppliedToAttributes: ['src'],
    allowProtocolRelative: false,
    disallowedTagsMode: 'discard',
    transformTags: {
      h1: 'h2',
      h5: 'h4',
      h6: 'h4',
      img: (tagName, attribs) => {
        const src = inline(attribs.src ?? '');
        const kept: sanitizeHtml.Attributes = src ? { src, alt: attribs.alt ?? '' } : {};
        return { tagName, attribs: kept };
      },
    },
    // an image whose src was not one of ours is left out whole
    exclusiveFilter: (frame) => frame.tag === 'img' && !frame.attribs.src,
  });
}

/** The ids of the uploaded images the HTML names (img src="file:<id>"), each once. */
function imageIds(html: string): string[] {
  const ids = new Set<string>();
  clean(html, (src) => {
    const m = FILE_SRC.exec(src);
    if (m) ids.add(m[1].toLowerCase());
    return null;
  });
  return [...ids];
}

/**
 * An explainer's stored HTML from the county's Markdown: Markdown → HTML (marked; HTML written in the source passes
 * through to the next step), then the whitelist (sanitize-html), with each ![说明](file:<id>) inlined as a data: URI so
 * the text needs nothing else to show. An image must have been uploaded at the county's own level (`countyPath`), be a
 * JPEG or PNG and at most MAX_EXPLAINER_IMAGE_BYTES; at most MAX_EXPLAINER_IMAGES of them. Placeholders ({{监测线}} …)
 * are text and stay in, to be filled when read.
 */
export async function explainerHtml(source: string, images: { files: FileStorage; countyPath: string }): Promise<string> {
  const raw = marked.parse(source, { async: false, gfm: true, breaks: true });
  const ids = imageIds(raw);
  if (ids.length > MAX_EXPLAINER_IMAGES) {
    throw new AppError('EXPLAINER.TOO_MANY_IMAGES', `一份明白纸最多${MAX_EXPLAINER_IMAGES}张图片，这份有${ids.length}张，请删去一些`);
  }
  const inlined = new Map<string, string>();
  for (const id of ids) {
    const file = await images.files.get(id);
    if (!file || file.owner.areaPath !== images.countyPath || !IMAGE_TYPES.includes(file.contentType)
      || !hasMagicBytes(file.bytes, file.contentType as PhotoContentType)) {
      throw new AppError('EXPLAINER.IMAGE_NOT_FOUND');
    }
    if (file.bytes.length > MAX_EXPLAINER_IMAGE_BYTES) throw new AppError('FILE.TOO_LARGE', imageTooLarge());
    inlined.set(id, `data:${file.contentType};base64,${file.bytes.toString('base64')}`);
  }
  const html = clean(raw, (src) => inlined.get(FILE_SRC.exec(src)?.[1].toLowerCase() ?? '') ?? null).trim();
  const text = sanitizeHtml(html, { allowedTags: [], allowedAttributes: {} }).trim();
  if (!text && !html.includes('<img')) throw new AppError('EXPLAINER.EMPTY_BODY');
  return html;
}

export function imageTooLarge(): string {
  return `明白纸的图片不能超过${MAX_EXPLAINER_IMAGE_BYTES / 1024} KB，请压缩后再上传`;
}
