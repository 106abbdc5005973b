import fs from 'node:fs';

export default async function globalTeardown(): Promise<void> {
  const dir = process.env.FF_TEMPLATE_DATA_DIR;
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
}
