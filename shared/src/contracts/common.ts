import { z } from 'zod';

export const RoleSchema = z.enum([
  'farmer', 'grid_member', 'village_cadre', 'township_reviewer', 'county_admin', 'department_user', 'inspector',
]);
export type Role = z.infer<typeof RoleSchema>;
export const ROLE_LABELS: Record<Role, string> = {
  farmer: '农户',
  grid_member: '网格员',
  village_cadre: '村两委',
  township_reviewer: '乡镇审核',
  county_admin: '县乡村振兴局',
  department_user: '行业部门',
  inspector: '督导',
};

export const AreaLevelSchema = z.enum(['county', 'township', 'village', 'group']);
export type AreaLevel = z.infer<typeof AreaLevelSchema>;

export const AreaRefSchema = z.object({ id: z.string(), level: AreaLevelSchema, name: z.string() });
export type AreaRef = z.infer<typeof AreaRefSchema>;

/** 县 / 乡镇 / 村 / 组 names of a household's place. */
export const PlaceSchema = z.object({
  county: z.string(), township: z.string(), village: z.string(), group: z.string(),
});
export type Place = z.infer<typeof PlaceSchema>;

export const RiskTypeSchema = z.enum([
  'illness', 'disability', 'education', 'disaster', 'accident', 'industry_failure', 'unstable_employment',
  'traffic_accident', 'epidemic', 'lack_of_labour', 'housing_safety', 'drinking_water', 'other',
], { error: '不是可选的风险类型' });
export type RiskType = z.infer<typeof RiskTypeSchema>;
export const RISK_TYPE_LABELS: Record<RiskType, string> = {
  illness: '因病', disability: '因残', education: '因学', disaster: '因灾', accident: '因意外事故',
  industry_failure: '因产业失败', unstable_employment: '因务工就业不稳', traffic_accident: '因交通事故',
  epidemic: '因疫情', lack_of_labour: '缺劳动力', housing_safety: '住房安全', drinking_water: '饮水安全', other: '其他',
};

export const IsoDateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: '日期格式应为 YYYY-MM-DD' });
export const IdSchema = z.uuid({ error: '编号格式不正确' });

export const ErrorBodySchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    requestId: z.string(),
    issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBodySchema>;
