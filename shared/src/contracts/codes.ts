import { z } from 'zod';
import { AreaLevelSchema, IdSchema, PlaceSchema } from './common';

/**
 * 一户一码: every household has a random code (22 characters, base64url of 128 random bits) that fits the 32-character
 * `scene` of a mini-program code. Rotating it makes the old one stop working at once.
 */
export const HOUSEHOLD_CODE_PATTERN = /^[A-Za-z0-9_-]{22}$/;

/** 16-digit 户编号 as the registry numbers households; any 6–32 digits are accepted so imported numbering fits. */
export const HouseholdNumberSchema = z.string({ error: '请输入户编号' }).trim()
  .regex(/^\d{6,32}$/, { error: '户编号应为 6 到 32 位数字' });

export const AreaIdSchema = z.string({ error: '请选择地区' }).regex(/^[A-Za-z0-9_-]{1,64}$/, { error: '地区编号不正确' });

/** An area the signed-in staff member can see, with the names above it for a readable label. */
export const AreaOptionSchema = z.object({
  id: z.string(),
  level: AreaLevelSchema,
  name: z.string(),
  parentId: z.string().nullable(),
  /** 安乐镇 红星村 一组 — from below the county down to this area. */
  label: z.string(),
  households: z.number().int().min(0),
});
export type AreaOption = z.infer<typeof AreaOptionSchema>;
export const AreaListResponseSchema = z.object({ areas: z.array(AreaOptionSchema) });
export type AreaListResponse = z.infer<typeof AreaListResponseSchema>;

/** A household as the code pages show it: no personal data but the head's masked name. */
export const CodeHolderSchema = z.object({
  id: z.string(),
  number: z.string(),
  headNameMasked: z.string(),
  place: PlaceSchema,
  /** The group the household belongs to (to print its plates again after a rotation). */
  areaId: z.string(),
  /** When the code was last rotated; null if never. */
  codeRotatedAt: z.string().nullable(),
});
export type CodeHolder = z.infer<typeof CodeHolderSchema>;

export const HouseholdByNumberParamsSchema = z.strictObject({ number: HouseholdNumberSchema });
export const HouseholdByNumberResponseSchema = z.object({ household: CodeHolderSchema });
export type HouseholdByNumberResponse = z.infer<typeof HouseholdByNumberResponseSchema>;

export const RotateCodeParamsSchema = z.strictObject({ id: IdSchema });
export const RotateCodeResponseSchema = z.object({
  household: CodeHolderSchema,
  /** The new code; the old one no longer opens anything. */
  code: z.string().regex(HOUSEHOLD_CODE_PATTERN),
  rotatedAt: z.string(),
});
export type RotateCodeResponse = z.infer<typeof RotateCodeResponseSchema>;

export const DoorPlatesParamsSchema = z.strictObject({ areaId: AreaIdSchema });
/** The printable A4 PDF, base64 in JSON so it passes API Gateway and the local gateway alike. */
export const DoorPlatesResponseSchema = z.object({
  fileName: z.string(),
  contentType: z.literal('application/pdf'),
  contentBase64: z.string(),
  plates: z.number().int().min(0),
  pages: z.number().int().min(0),
});
export type DoorPlatesResponse = z.infer<typeof DoorPlatesResponseSchema>;

/** One PDF holds at most this many plates (a Lambda answer is at most 6 MB): a bigger village is printed per group. */
export const MAX_PLATES_PER_PDF = 150;
