import path from 'node:path';

export const ROOT = path.resolve(__dirname, '../..');
export const ARTIFACTS = path.join(ROOT, 'tests/.artifacts');
/** A migrated, seeded embedded database made once per test run and copied for each test file. */
export const TEMPLATE_DATA_DIR = path.join(ARTIFACTS, 'template-data');
/** Every test runs at this instant (10:00 in Beijing) unless it moves its own clock. */
export const TEST_NOW = new Date('2026-11-20T02:00:00.000Z');
