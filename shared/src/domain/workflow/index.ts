/**
 * The case workflow (识别认定 → 监测帮扶 → 风险消除) as one pure transition table. See table.ts for the table itself.
 * Pure: no database, clock or network; `today`, the policy and a day-adding calendar come in, effects go out.
 */
export * from './states';
export * from './commands';
export * from './context';
export * from './errors';
export * from './guards';
export * from './effects';
export * from './table';
export * from './transition';
