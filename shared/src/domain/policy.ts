/** The policy parameters in force for one region and year (stored as data, set by the county or province). */
export interface Policy {
  areaId: string;
  year: number;
  /** 防贫监测线: per-capita net income per year, in yuan. */
  monitoringLineYuan: number;
  /** From the clue to the county's decision. */
  identificationDays: number;
  /** The village notice runs at least this long. */
  noticeMinDays: number;
  /** Assistance plan due after identification. */
  planDays: number;
  dayCount: 'calendar';
}
