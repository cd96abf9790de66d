import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const ADMIN_EMAIL = 'admin@example.org';
export const ADMIN_PASSWORD = 'clinic admin keeps the keys 2026';

// Starts a real `medtrack serve` on a free port with a fresh data directory,
// shares its URL with the tests through MEDTRACK_E2E_URL, and stops it after.
export default async function globalSetup() {
  const root = path.resolve(__dirname, '..');
  const bin = process.env.MEDTRACK_BIN ?? path.join(root, 'target', 'debug', 'medtrack');
  const webDir = path.join(root, 'web', 'dist');
  for (const needed of [bin, path.join(webDir, 'index.html')]) {
    if (!existsSync(needed)) {
      throw new Error(`${needed} is missing: run scripts/test, which builds it`);
    }
  }
  const dataDir = mkdtempSync(path.join(tmpdir(), 'medtrack-e2e-'));
  // The first admin, made the only way there is: on the command line.
  const admin = spawnSync(
    bin,
    ['admin', 'create', '--email', ADMIN_EMAIL, '--name', 'Clinic Admin', '--password-stdin'],
    { input: `${ADMIN_PASSWORD}\n`, env: { ...process.env, MEDTRACK_DATA_DIR: dataDir } },
  );
  if (admin.status !== 0) {
    throw new Error(`medtrack admin create failed:\n${admin.stderr}`);
  }
  const server = spawn(
    bin,
    ['serve', '--bind', '127.0.0.1:0', '--data-dir', dataDir, '--web-dir', webDir],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, MEDTRACK_LOG_FORMAT: 'text' } },
  );
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`medtrack serve did not start:\n${output}`)), 30_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const found = output.match(/listening on (http:\/\/[0-9.]+:[0-9]+)/);
      if (found) {
        clearTimeout(timer);
        resolve(found[1]);
      }
    };
    server.stdout.on('data', read);
    server.stderr.on('data', read);
    server.on('exit', (code) => reject(new Error(`medtrack serve exited (${code}):\n${output}`)));
  });
  process.env.MEDTRACK_E2E_URL = url;
  return async () => {
    server.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  };
}
