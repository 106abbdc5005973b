/** One JSON object per line on stdout; LOG_LEVEL=silent turns it off (tests, benchmarks). */
export type LogFields = Record<string, unknown>;
const LEVELS = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 } as const;
type Level = Exclude<keyof typeof LEVELS, 'silent'>;

function enabled(level: Level): boolean {
  const min = (process.env.LOG_LEVEL ?? 'info') as keyof typeof LEVELS;
  return LEVELS[level] >= (LEVELS[min] ?? LEVELS.info);
}

export function log(level: Level, msg: string, fields: LogFields = {}): void {
  if (!enabled(level)) return;
  process.stdout.write(`${JSON.stringify({ level, time: new Date().toISOString(), msg, ...fields })}\n`);
}
