import path from 'node:path';

export const ROOT = path.resolve(__dirname, '../..');
export const ARTIFACTS = path.join(ROOT, 'tests/.artifacts');
/**
 * A migrated, seeded embedded database made once per test run (tests/support/global-setup.ts) and copied for each
 * test file. Each run has its own folder, so two jest runs on one checkout cannot swap it (and its keys) under
 * each other; global-setup sets the variable before the workers start.
 */
export const TEMPLATE_DATA_DIR = process.env.FF_TEMPLATE_DATA_DIR ?? path.join(ARTIFACTS, 'template-data');
/** Every test runs at this instant (10:00 in Beijing) unless it moves its own clock. */
export const TEST_NOW = new Date('2026-11-20T02:00:00.000Z');
