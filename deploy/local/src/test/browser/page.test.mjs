// The web page in Debian's Chromium, against the real api and worker that BrowserIT started. BrowserIT passes
// where the page is, the photos to use and where to leave screenshots; it checks the restored pixels afterwards
// from the job ids this test writes down.

import assert from 'node:assert/strict';
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { chromium } from 'playwright-core';

const pageUrl = process.env.REVIVE_PAGE;
const fixtures = process.env.REVIVE_FIXTURES;
const screenshots = process.env.REVIVE_SCREENSHOTS;
const hole = JSON.parse(process.env.REVIVE_HOLE); // {x, y, size} in the photo's pixels
const iterations = process.env.REVIVE_ITERATIONS;
const patience = 5 * 60_000;
const jobs = {};

const pageErrors = [];
let browser;
let page;

before(async () => {
  mkdirSync(screenshots, { recursive: true });
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  page = await browser.newPage({ viewport: { width: 1100, height: 1400 } });
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(pageUrl);
});

after(async () => {
  assert.deepEqual(pageErrors, [], 'the page threw no errors');
  writeFileSync(join(screenshots, '..', 'browser-jobs.json'), JSON.stringify(jobs));
  await browser?.close();
});

const shot = (name) => page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: true });

async function choose(task, photo) {
  await page.getByLabel('Task', { exact: true }).selectOption(task);
  await page.getByLabel(/Drop a photo here/).setInputFiles(join(fixtures, photo));
  const advanced = page.locator('details');
  if (!(await advanced.evaluate((details) => details.open))) {
    await page.getByText('Advanced').click();
  }
  await page.getByLabel('Steps (empty: the task\'s default)').fill(iterations);
  await page.getByLabel('Seed (empty: random)').fill('1');
}

async function restoreAndWait(name) {
  await page.getByRole('button', { name: '3. Restore' }).click();
  const status = page.locator('#job-status');
  await status.filter({ hasText: /Step \d+ of at most/ }).waitFor({ timeout: patience });
  const progress = page.getByRole('progressbar');
  await page.waitForFunction(() => document.querySelector('#job-progress').value > 0, null, { timeout: patience });
  await shot(`${name}-running`);
  await status.filter({ hasText: 'Done.' }).waitFor({ timeout: patience });
  assert.equal(await progress.evaluate((bar) => bar.value === bar.max), true, 'the bar ends full');
  const id = await page.locator('#recent tbody tr').first().getAttribute('data-job');
  await page.waitForFunction(() => document.querySelector('#after-image').naturalWidth > 0);
  await shot(`${name}-done`);
  return id;
}

test('the api wants a key: the page says so, and the key entered once is used from then on', async () => {
  await choose('denoise', 'noisy.png');
  await page.getByRole('button', { name: '3. Restore' }).click();
  await page.locator('#form-error').filter({ hasText: 'needs an API key' }).waitFor({ timeout: 30_000 });
  assert.equal(await page.evaluate(() => document.activeElement.id), 'api-key', 'the key field has the focus');
  await shot('key-asked');
  await page.getByLabel(/^API key/).fill(process.env.REVIVE_KEY);
  await page.getByRole('button', { name: 'Use this key' }).click();
  await page.locator('#key-status').filter({ hasText: 'Key saved' }).waitFor();
});

test('a noisy photo: progress and a live preview while it runs, then before and after', async () => {
  await choose('denoise', 'noisy.png');
  await page.getByRole('button', { name: '3. Restore' }).click();
  await page.locator('#preview-image').and(page.locator('[src]')).waitFor({ timeout: patience });
  await page.waitForFunction(() => document.querySelector('#preview-image').naturalWidth > 0, null,
    { timeout: patience });
  await shot('denoise-preview');
  await page.locator('#job-status').filter({ hasText: 'Done.' }).waitFor({ timeout: patience });
  await page.waitForFunction(() => document.querySelector('#after-image').naturalWidth > 0);
  jobs.denoise = await page.locator('#recent tbody tr').first().getAttribute('data-job');

  assert.equal(await page.locator('#after-image').evaluate((img) => img.naturalWidth), 64);
  assert.equal(await page.locator('#before-image').evaluate((img) => img.naturalWidth), 64);
  assert.match(await page.locator('#result-info').textContent(), new RegExp(`after ${iterations} steps`));
  assert.equal(await page.locator('#download').getAttribute('download'), 'noisy-restored.png');

  const slider = page.getByLabel('Before ← → After');
  await slider.focus();
  for (let i = 0; i < 20; i++) {
    await page.keyboard.press('ArrowLeft');
  }
  assert.equal(await page.locator('#after-image').evaluate((img) => img.style.clipPath), 'inset(0px 0px 0px 30%)');
  await page.getByLabel('Zoom', { exact: true }).selectOption('4');
  assert.equal(await page.locator('#compare').evaluate((box) => box.style.width), '256px');
  await shot('denoise-compare');

  await page.locator('#download[href^="blob:"]').waitFor();
  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Download the result' }).click();
  const file = await download;
  assert.equal(file.suggestedFilename(), 'noisy-restored.png');

  await assert.doesNotReject(page.locator('#recent tbody tr', { hasText: 'noisy.png' })
    .filter({ hasText: 'succeeded' }).waitFor({ timeout: 10_000 }));
});

test('a mask painted with the brush, partly erased, then filled in', async () => {
  await choose('inpaint', 'holed.png');
  const canvas = page.locator('#mask-canvas');
  await canvas.focus();
  for (let i = 0; i < 3; i++) {
    await page.keyboard.press('['); // 12 -> 6 pixels
  }
  // Measured after focusing, which scrolls the canvas into view.
  const box = await canvas.boundingBox();
  const scale = box.width / 64;
  const at = (x, y) => [box.x + x * scale, box.y + y * scale];
  // Paint rows across the hole, a pixel beyond it on each side.
  await page.mouse.move(...at(hole.x - 1, hole.y - 1));
  for (let y = hole.y - 1; y <= hole.y + hole.size + 1; y += 3) {
    await page.mouse.move(...at(hole.x - 1, y));
    await page.mouse.down();
    await page.mouse.move(...at(hole.x + hole.size + 1, y), { steps: 8 });
    await page.mouse.up();
  }
  // A stray stroke far from the hole, rubbed out again with the eraser (key E), then back to the brush (key B).
  await page.mouse.move(...at(4, 58));
  await page.mouse.down();
  await page.mouse.move(...at(12, 58), { steps: 4 });
  await page.mouse.up();
  await page.keyboard.press('e');
  assert.equal(await page.locator('#eraser').getAttribute('aria-pressed'), 'true');
  for (let i = 0; i < 7; i++) {
    await page.keyboard.press(']'); // 6 -> 20 pixels
  }
  await page.mouse.move(...at(2, 58));
  await page.mouse.down();
  await page.mouse.move(...at(14, 58), { steps: 6 });
  await page.mouse.up();
  await page.keyboard.press('b');
  assert.equal(await page.locator('#brush').getAttribute('aria-pressed'), 'true');
  await shot('inpaint-mask');

  jobs.inpaint = await restoreAndWait('inpaint');
});

test('a file that is not a photo gets a plain-words error, no stack trace', async () => {
  await page.getByLabel('Task', { exact: true }).selectOption('denoise');
  await page.getByLabel(/Drop a photo here/).setInputFiles(join(fixtures, 'not-a-photo.png'));
  await page.getByRole('button', { name: '3. Restore' }).click();
  const alert = page.locator('#form-error');
  await alert.filter({ hasText: /not a photo Revive can read/ }).waitFor({ timeout: 30_000 });
  const text = await alert.textContent();
  assert.doesNotMatch(text, /Exception|\tat |dev\.revive|java\./);
  await shot('bad-file');
});

test('a long job is cancelled from the page', async () => {
  await page.getByLabel('Steps (empty: the task\'s default)').fill('20000');
  await page.getByLabel(/Drop a photo here/).setInputFiles(join(fixtures, 'noisy.png'));
  await page.getByRole('button', { name: '3. Restore' }).click();
  await page.locator('#job-status').filter({ hasText: /Step \d+ of at most 20000/ }).waitFor({ timeout: patience });
  await page.getByRole('button', { name: 'Cancel', exact: true }).click();
  await page.locator('#job-status').filter({ hasText: 'Cancelled.' }).waitFor({ timeout: patience });
  jobs.cancelled = await page.locator('#recent tbody tr').first().getAttribute('data-job');
  await page.locator('#recent tbody tr').first().filter({ hasText: 'cancelled' }).waitFor({ timeout: 10_000 });
  await shot('cancelled');
});

test('the recent jobs survive a reload, with their status from the API', async () => {
  await page.reload();
  const rows = page.locator('#recent tbody tr');
  await rows.filter({ hasText: 'cancelled' }).waitFor({ timeout: 30_000 });
  assert.equal(await rows.count(), 3);
  assert.equal(await rows.filter({ hasText: 'succeeded' }).count(), 2);
  await rows.filter({ hasText: 'holed.png' }).getByRole('button', { name: 'Open holed.png' }).click();
  await page.waitForFunction(() => document.querySelector('#after-image').naturalWidth === 64);
  await shot('reopened');
});
