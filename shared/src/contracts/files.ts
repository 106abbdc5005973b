import { z } from 'zod';
import { IdSchema } from './common';

/** Photos taken on visits (入户核实, 走访, the posted notice …): JPEG or PNG, at most 3 MB each. */
export const PHOTO_CONTENT_TYPES = ['image/jpeg', 'image/png'] as const;
export const PhotoContentTypeSchema = z.enum(PHOTO_CONTENT_TYPES, { error: '照片只能是 JPEG 或 PNG 格式' });
export type PhotoContentType = z.infer<typeof PhotoContentTypeSchema>;

export const MAX_PHOTO_BYTES = 3 * 1024 * 1024;
/** The same limit as base64 characters (4 characters for every 3 bytes). */
export const MAX_PHOTO_BASE64_CHARS = Math.ceil(MAX_PHOTO_BYTES / 3) * 4;

/** The photo as base64 in JSON, as the door plates come back (API Gateway and the local gateway pass it alike). */
export const UploadPhotoRequestSchema = z.strictObject({
  contentType: PhotoContentTypeSchema,
  base64: z
    .base64({ error: '照片内容不是有效的 base64 编码' })
    .min(1, { error: '请选择照片' }),
});
export type UploadPhotoRequest = z.infer<typeof UploadPhotoRequestSchema>;
/** The stored file's id, to be listed in a record (e.g. VerificationSchema.photoIds). */
export const UploadPhotoResponseSchema = z.object({ id: z.string() });
export type UploadPhotoResponse = z.infer<typeof UploadPhotoResponseSchema>;

export const FileParamsSchema = z.strictObject({ id: IdSchema });
export const FileResponseSchema = z.object({
  id: z.string(),
  contentType: PhotoContentTypeSchema,
  contentBase64: z.string(),
});
export type FileResponse = z.infer<typeof FileResponseSchema>;
