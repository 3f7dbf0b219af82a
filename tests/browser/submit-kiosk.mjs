#!/usr/bin/env node
// One complaint sent at a running candour-kiosk in headless Chromium, by
// taps on a touch screen, as a resident would, with the word WORD in every
// free-text answer (what happened, what would put it right, name, room,
// what help). Used by tests/suites/47-sync-e2e.
//
//   node submit-kiosk.mjs --base URL --word WORD
//
// Prints the reference the resident was shown on the last line and exits
// 0, or says what went wrong and exits 1 (2: could not run).

import { parseArgs } from 'node:util';
import { chromiumMissing, launchBrowser, newGuardedContext } from './browser.mjs';

let opts;
try {
  opts = parseArgs({ options: { base: { type: 'string' }, word: { type: 'string' } } });
} catch (e) {
  console.error(`submit-kiosk: ${e.message}`);
  process.exit(2);
}
const base = (opts.values.base || '').replace(/\/$/, '');
const word = opts.values.word || '';
if (!base || !word) {
  console.error('usage: node submit-kiosk.mjs --base URL --word WORD');
  process.exit(2);
}
const missing = chromiumMissing();
if (missing) {
  console.error(`submit-kiosk: ${missing}`);
  process.exit(2);
}

let browser;
try {
  browser = await launchBrowser();
} catch (e) {
  console.error(`submit-kiosk: cannot start Chromium: ${e.message.split('\n')[0]}`);
  process.exit(2);
}
let code = 1;
const ctx = await newGuardedContext(browser, new URL(base).origin, { viewport: { width: 1080, height: 1920 }, hasTouch: true });
const page = await ctx.newPage();
page.setDefaultTimeout(20000);
const nav = (action) => Promise.all([page.waitForNavigation({ waitUntil: 'load' }), action()]);
const tap = (sel) => nav(() => page.tap(sel));
const type = async (sel, text) => {
  await page.tap(sel);
  await page.keyboard.type(text);
};
try {
  await page.goto(base + '/');
  await tap('.button-start');
  await tap('button.category[value="repairs"]');
  await type('#happened', `The lift has not worked since Monday ${word}`);
  await tap('form[action="/happened"] button[type="submit"]');
  await type('#put-right', `Mend the lift ${word}`);
  await tap('form[action="/put-right"] button[type="submit"]');
  await page.tap('label[for="danger-no"]');
  await tap('form[action="/danger"] button[type="submit"]');
  await page.tap('label[for="reply-room"]');
  await tap('form[action="/reply"] button[type="submit"]');
  await type('#name', `Resident ${word}`);
  await type('#room', '14');
  await tap('form[action="/reply-details"] button[type="submit"]');
  await page.tap('label[for="help-none"]');
  await tap('form[action="/help"] button[type="submit"]');
  await tap('form[action="/submit"] button');
  const ref = ((await page.locator('.reference').first().textContent()) || '').trim();
  if (/^[A-Z][A-Z0-9]*-\d+$/.test(ref)) {
    console.log(ref);
    code = 0;
  } else {
    console.error(`submit-kiosk: no reference on ${page.url()}: "${ref}"`);
  }
  await nav(() => page.tap('form.exit button'));
} catch (e) {
  console.error(`submit-kiosk: ${e.message.split('\n')[0]} at ${page.url()}`);
}
await ctx.close();
await browser.close();
process.exit(code);
