// The first screen on a slow phone: a patient opens their dashboard on a
// throttled network (slow 4G: 150 ms round trips, 1.6 Mbit/s down, 750
// kbit/s up) with the CPU slowed 4x, first with an empty cache, then again
// with the cache of that visit. Prints, per run, the bytes received, the first
// contentful paint (index.html's shell) and when the dashboard's data is on
// screen; then the medians. Run by scripts/bench-first-load.
//
//   node e2e/first-load.mjs BASE_URL EMAIL PASSWORD [RUNS]
import { chromium } from '@playwright/test';

const [base, email, password, runsArg] = process.argv.slice(2);
const runs = Number(runsArg ?? 3);
const slow4g = { offline: false, latency: 150, downloadThroughput: 1.6e6 / 8, uploadThroughput: 750e3 / 8 };

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking'],
});

async function visit(page, cdp) {
  let bytes = 0;
  const count = (event) => { bytes += event.encodedDataLength; };
  cdp.on('Network.loadingFinished', count);
  const started = Date.now();
  await page.goto(`${base}/dashboard`, { waitUntil: 'commit' });
  await page.getByRole('heading', { name: /^Welcome, / }).waitFor({ timeout: 60_000 });
  const data = Date.now() - started;
  const paint = await page.evaluate(() =>
    performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN);
  cdp.off('Network.loadingFinished', count);
  return { bytes, paint: Math.round(paint), data };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const results = { cold: [], warm: [] };
for (let run = 0; run < runs; run++) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${base}/signin`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: /^Welcome, / }).waitFor();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.clearBrowserCache');
  await cdp.send('Network.emulateNetworkConditions', slow4g);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  for (const kind of ['cold', 'warm']) {
    const result = await visit(page, cdp);
    results[kind].push(result);
    console.log(`run ${run + 1} ${kind}: ${result.bytes} bytes, first paint ${result.paint} ms, data on screen ${result.data} ms`);
  }
  await context.close();
}
for (const kind of ['cold', 'warm']) {
  const pick = (key) => median(results[kind].map((r) => r[key]));
  console.log(`median ${kind}: ${pick('bytes')} bytes, first paint ${pick('paint')} ms, data on screen ${pick('data')} ms`);
}
await browser.close();
