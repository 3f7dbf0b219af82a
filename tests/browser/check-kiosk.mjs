#!/usr/bin/env node
// Browser checks for candour-kiosk, in Debian's Chromium. The caller
// (tests/suites/85-kiosk-browser) starts two kiosks and passes their URLs:
//
//   node check-kiosk.mjs --base URL --idle-base URL --full-base URL [--screens DIR]
//
// --base      a kiosk with the usual idle time, for the journeys
// --idle-base a kiosk with idle_timeout 2 and idle_warning 10
// --full-base a kiosk whose outbox_max_bytes is too small for a complaint
// --screens   also save a PNG of every screen at 1080x1920 and 1920x1080
//
// Checks, each printed as `ok - ...` or `not ok - ...: details`:
//   - every screen (errors, the danger page, "not saved", the idle warning
//     included): axe-core (wcag2a/aa, wcag21a/aa, wcag22aa, best-practice),
//     every touch target at least 44 x 44 CSS px, no horizontal scrolling,
//     no console error or CSP violation; and the Nu HTML Checker on each
//     screen's HTML;
//   - the whole journey by keyboard alone;
//   - the whole journey by taps, in Welsh, at the largest text size, with
//     Easy Read;
//   - the journey without JavaScript;
//   - the idle warning: it appears, takes focus, is an alert dialog with a
//     name; "I need more time" works 10 times and keeps the answers; then,
//     unanswered, everything is cleared and the start page returns, and
//     Back shows nothing;
//   - after a complaint is sent and cleared, its canary text is nowhere in
//     the browser's profile folder.
// Then one line `kiosk-browser: N passed, N failed`. Exit 0 all passed, 1
// some failed, 2 could not run.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromiumMissing, launchBrowser, newGuardedContext } from './browser.mjs';
import { axeViolations, oneLine, runVnu, toolPaths } from './a11y.mjs';

const TIMEOUT_MS = 20000;
const PORTRAIT = { width: 1080, height: 1920 };
const LANDSCAPE = { width: 1920, height: 1080 };

function fail2(msg) {
  console.error(`check-kiosk: ${msg}`);
  process.exit(2);
}

let opts;
try {
  opts = parseArgs({ options: { base: { type: 'string' }, 'idle-base': { type: 'string' }, 'full-base': { type: 'string' }, screens: { type: 'string' } } });
} catch (e) {
  fail2(e.message);
}
const base = (opts.values.base || '').replace(/\/$/, '');
const idleBase = (opts.values['idle-base'] || '').replace(/\/$/, '');
const fullBase = (opts.values['full-base'] || '').replace(/\/$/, '');
if (!base || !idleBase || !fullBase) fail2('usage: node check-kiosk.mjs --base URL --idle-base URL --full-base URL [--screens DIR]');
const screensDir = opts.values.screens ? path.resolve(opts.values.screens) : null;
const missing = chromiumMissing();
if (missing) fail2(missing);
try {
  toolPaths();
} catch (e) {
  fail2(`node modules missing (run "npm ci" in tests/browser): ${e.message.split('\n')[0]}`);
}

let passed = 0;
let failed = 0;
function report(ok, name, details = '') {
  if (ok) passed++;
  else failed++;
  console.log(ok ? `ok - kiosk: ${name}` : `not ok - kiosk: ${name}: ${oneLine(details, 2000)}`);
}

// Where each screen's HTML is saved for the Nu checker (removed at the end).
const htmlDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-html-'));
const htmlFiles = [];
if (screensDir) fs.mkdirSync(screensDir, { recursive: true });

// A page that remembers the source of the last document it loaded and any
// console error (CSP violations are console errors).
async function newPage(ctx) {
  const page = await ctx.newPage();
  page.setDefaultTimeout(TIMEOUT_MS);
  page.__doc = null;
  page.__errors = [];
  page.on('response', (r) => {
    if (r.request().resourceType() === 'document' && r.status() < 300) page.__doc = r.text().catch(() => null);
  });
  page.on('console', (m) => {
    if (m.type() === 'error') page.__errors.push(oneLine(m.text(), 200));
  });
  page.on('pageerror', (e) => page.__errors.push(`uncaught ${oneLine(e.message, 200)}`));
  return page;
}

// Run action, which makes the page load a new document, and wait for it.
async function nav(page, action) {
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), action()]);
}

// Every interactive element smaller than 44 x 44 CSS px.
async function smallTargets(page) {
  return page.evaluate(() => {
    const sel = 'a[href], button, input:not([type="hidden"]), select, textarea, summary, [tabindex]:not([tabindex="-1"])';
    const bad = [];
    for (const el of document.querySelectorAll(sel)) {
      const r = el.getBoundingClientRect();
      const cs = getComputedStyle(el);
      if (cs.display === 'none' || cs.visibility === 'hidden' || (r.width === 0 && r.height === 0)) continue;
      if (el.closest('dialog') && !el.closest('dialog').open) continue;
      if (r.width < 44 || r.height < 44) {
        const name = (el.innerText || el.value || el.id || el.tagName).replace(/\s+/g, ' ').trim().slice(0, 30);
        bad.push(`${el.tagName.toLowerCase()} "${name}" ${Math.round(r.width)}x${Math.round(r.height)}`);
      }
    }
    return bad;
  });
}

const seen = new Set();

// The checks every screen gets. name is unique per screen and state.
async function checkScreen(page, name, { vnu = true, status = 200 } = {}) {
  const label = `${name}`;
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  try {
    const v = await axeViolations(page);
    report(v.length === 0, `axe ${label}`, `${v.length} violation(s): ${v.join('; ')}`);
  } catch (e) {
    report(false, `axe ${label}`, `could not run: ${e.message}`);
  }
  const small = await smallTargets(page);
  report(small.length === 0, `touch targets >= 44x44 ${label}`, small.join(', '));
  const scroll = await page.evaluate(() => ({ sw: document.documentElement.scrollWidth, iw: window.innerWidth }));
  report(scroll.sw <= scroll.iw, `no horizontal scrolling ${label}`, `scrollWidth ${scroll.sw} > ${scroll.iw}`);
  // A problem page's own status is logged as a failed load; nothing else may be.
  const errors = page.__errors.filter((e) => !(status !== 200 && e.startsWith(`Failed to load resource: the server responded with a status of ${status}`)));
  report(errors.length === 0, `no console errors ${label}`, errors.join(' | '));
  page.__errors = [];
  if (vnu && page.__doc && !seen.has(name)) {
    const src = await page.__doc;
    if (src) {
      const file = `${name.replace(/[^a-z0-9-]+/gi, '-')}.html`;
      fs.writeFileSync(path.join(htmlDir, file), src);
      htmlFiles.push(file);
    }
  }
  if (screensDir && !seen.has(name)) {
    const vp = page.viewportSize();
    const file = name.replace(/[^a-z0-9-]+/gi, '-');
    await page.screenshot({ path: path.join(screensDir, `${file}-portrait.png`) });
    await page.setViewportSize(LANDSCAPE);
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    await page.screenshot({ path: path.join(screensDir, `${file}-landscape.png`) });
    await page.setViewportSize(vp);
  }
  seen.add(name);
}

// The reference on the confirmation page, or ''.
const referenceOf = (page) => page.locator('.reference').textContent().catch(() => '');

// ------------------------------------------------------------------ journeys

// Every screen, by mouse, in English, checking each on the way.
async function journeyScreens(browser) {
  const ctx = await newGuardedContext(browser, new URL(base).origin, { viewport: PORTRAIT });
  const page = await newPage(ctx);
  await page.goto(base + '/');
  await checkScreen(page, 'start');
  await nav(page, () => page.click('button[name="easy"][value="1"]'));
  await checkScreen(page, 'start-easy-read');
  await nav(page, () => page.click('button[name="easy"][value="0"]'));
  await nav(page, () => page.click('.button-start'));
  await checkScreen(page, 'about');
  await nav(page, () => page.click('button.category[value="neighbours"]'));
  await checkScreen(page, 'happened');
  await nav(page, () => page.click('form[action="/happened"] button[type="submit"]'));
  await checkScreen(page, 'happened-error');
  const focused = await page.evaluate(() => document.activeElement && document.activeElement.classList.contains('error-summary'));
  report(focused, 'the error summary takes focus');
  const title = await page.title();
  report(title.startsWith('Error: '), 'an error page title starts "Error:"', title);
  await nav(page, () => page.click('.error-summary a'));
  const onField = await page.evaluate(() => location.hash === '#happened');
  report(onField, 'the error summary links to the field');
  await page.fill('#happened', 'Loud music every night from the room above.');
  await nav(page, () => page.click('form[action="/happened"] button[type="submit"]'));
  await checkScreen(page, 'put-right');
  await page.fill('#put-right', 'Ask them to keep it down after 10pm.');
  await nav(page, () => page.click('form button[type="submit"] >> text=Continue'));
  await checkScreen(page, 'danger');
  await nav(page, () => page.click('form[action="/danger"] button[type="submit"]'));
  await checkScreen(page, 'danger-error');
  await page.check('#danger');
  await nav(page, () => page.click('form[action="/danger"] button[type="submit"]'));
  await checkScreen(page, 'danger-help');
  await nav(page, () => page.click('a.button[href="/reply"]'));
  await checkScreen(page, 'reply');
  for (const [method, fill] of [['room', { name: 'Jo', room: '7' }], ['phone', { phone: 'not a number' }], ['email', { email: 'jo@example.org' }], ['staff', { staff: 'Sam', where: 'Jo, room 7' }]]) {
    await page.goto(base + '/reply');
    await page.check(`#reply-${method}`);
    await nav(page, () => page.click('form[action="/reply"] button[type="submit"]'));
    await checkScreen(page, `details-${method}`);
    for (const [k, v] of Object.entries(fill)) await page.fill(`#${k}`, v);
    await nav(page, () => page.click('form[action="/reply-details"] button[type="submit"]'));
    if (method === 'phone') {
      await checkScreen(page, 'details-phone-error');
      await page.fill('#phone', '07700 900 982');
      await nav(page, () => page.click('form[action="/reply-details"] button[type="submit"]'));
    }
  }
  await checkScreen(page, 'help');
  await page.check('#help-none');
  await page.check('#help');
  await nav(page, () => page.click('form[action="/help"] button[type="submit"]'));
  await checkScreen(page, 'help-error');
  await page.uncheck('#help-none');
  await nav(page, () => page.click('form[action="/help"] button[type="submit"]'));
  await checkScreen(page, 'check');
  await nav(page, () => page.click('a[href="/happened?from=check"]'));
  await checkScreen(page, 'happened-change');
  await nav(page, () => page.click('form[action="/happened"] button[type="submit"]'));
  report(new URL(page.url()).pathname === '/check', 'a Change link comes back to check answers', page.url());
  // More than the kiosk takes in one form: the page says the limit.
  await page.goto(base + '/happened');
  await page.fill('#happened', 'x'.repeat(70000));
  await nav(page, () => page.click('form[action="/happened"] button[type="submit"]'));
  await checkScreen(page, 'too-big', { status: 413 });
  await page.goto(base + '/check');
  await nav(page, () => page.click('form[action="/submit"] button'));
  const ref = await referenceOf(page);
  report(/^K03-\d{4,}$/.test(ref), 'by mouse: the complaint is sent and the reference shown', ref);
  await checkScreen(page, 'done');
  await page.goto(base + '/no-such-page');
  await checkScreen(page, 'not-found', { status: 404 });
  await ctx.close();
}

// Press Tab (or Shift+Tab) until the focused element matches test, at most
// 80 times; returns whether it did.
async function tabTo(page, test, arg) {
  for (let i = 0; i < 80; i++) {
    if (await page.evaluate(test, arg)) return true;
    await page.keyboard.press('Tab');
  }
  return page.evaluate(test, arg);
}
const focusedIs = (sel) => document.activeElement && document.activeElement.matches(sel);

// The journey by keyboard alone: Tab, arrows, Space, Enter and typing.
async function journeyKeyboard(browser) {
  const ctx = await newGuardedContext(browser, new URL(base).origin, { viewport: PORTRAIT });
  const page = await newPage(ctx);
  const steps = [];
  const go = async (sel, key = 'Enter') => {
    if (!(await tabTo(page, focusedIs, sel))) throw new Error(`Tab never reached ${sel} on ${page.url()}`);
    steps.push(sel);
    if (key === null) return;
    if (key === 'Enter' || key === 'Space') {
      const navigates = await page.evaluate(() => document.activeElement.type === 'submit' || document.activeElement.tagName === 'A');
      if (navigates) return nav(page, () => page.keyboard.press(key));
    }
    return page.keyboard.press(key);
  };
  try {
    await page.goto(base + '/');
    await go('button[name="size"][value="3"]');
    await go('.button-start');
    await go('button.category[value="cleaning"]');
    await go('#happened', null);
    await page.keyboard.type('The kitchen has not been cleaned for days.');
    await go('form[action="/happened"] button[type="submit"]');
    await go('#put-right', null);
    await page.keyboard.type('Clean it every morning.');
    await go('form[action="/put-right"] button[type="submit"]');
    await go('input[name="danger"]', 'ArrowDown'); // to "No"
    await go('form[action="/danger"] button[type="submit"]');
    await go('input[name="reply"]', 'Space'); // anonymous (first)
    await go('form[action="/reply"] button[type="submit"]');
    await go('#help-adjustments', 'Space');
    await go('#help-details', null);
    await page.keyboard.type('Please read letters to me.');
    await go('form[action="/help"] button[type="submit"]');
    await go('form[action="/submit"] button');
    const ref = await referenceOf(page);
    const size = await page.evaluate(() => document.documentElement.className);
    report(/^K03-\d{4,}$/.test(ref) && size.includes('size-3'), 'by keyboard alone (largest text): the journey ends with a reference', `${ref} ${size}`);
  } catch (e) {
    report(false, 'by keyboard alone: the journey ends with a reference', `${e.message.split('\n')[0]} after ${steps.join(' > ')}`);
  }
  await ctx.close();
}

// The journey by taps, in Welsh, at the largest text size, in Easy Read.
async function journeyTouch(browser) {
  const ctx = await newGuardedContext(browser, new URL(base).origin, { viewport: PORTRAIT, hasTouch: true, isMobile: false });
  const page = await newPage(ctx);
  const tap = (sel) => nav(page, () => page.tap(sel));
  try {
    await page.goto(base + '/');
    await tap('button[name="lang"][value="cy"]');
    await tap('button[name="size"][value="3"]');
    await tap('button[name="easy"][value="1"]');
    const html = await page.evaluate(() => ({ lang: document.documentElement.lang, cls: document.documentElement.className }));
    report(html.lang === 'cy' && html.cls.includes('size-3') && html.cls.includes('easy'), 'the start page sets Welsh, the largest text and Easy Read in the page', JSON.stringify(html));
    await checkScreen(page, 'cy-start');
    await tap('.button-start');
    await checkScreen(page, 'cy-about');
    await tap('button.category[value="safety"]');
    await checkScreen(page, 'cy-happened');
    await page.tap('#happened');
    await page.keyboard.type('Mae drws y brif fynedfa ar agor drwy’r nos.');
    await tap('form[action="/happened"] button[type="submit"]');
    await page.tap('#put-right');
    await page.keyboard.type('Trwsio’r clo.');
    await tap('form[action="/put-right"] button[type="submit"]');
    await checkScreen(page, 'cy-danger');
    await page.tap('label[for="danger"]');
    await tap('form[action="/danger"] button[type="submit"]');
    await checkScreen(page, 'cy-danger-help');
    await tap('a.button[href="/reply"]');
    await checkScreen(page, 'cy-reply');
    await page.tap('label[for="reply-email"]');
    await tap('form[action="/reply"] button[type="submit"]');
    await page.tap('#email');
    await page.keyboard.type('preswylydd@example.org');
    await tap('form[action="/reply-details"] button[type="submit"]');
    await checkScreen(page, 'cy-help');
    await page.tap('label[for="help"]');
    await tap('form[action="/help"] button[type="submit"]');
    await checkScreen(page, 'cy-check');
    await tap('form[action="/submit"] button');
    await checkScreen(page, 'cy-done');
    const ref = await referenceOf(page);
    const h1 = await page.locator('h1').textContent();
    report(/^K03-\d{4,}$/.test(ref) && /cwyn/i.test(h1), 'by taps, in Welsh, at the largest text size: the journey ends with a reference', `${ref} "${h1}"`);
  } catch (e) {
    report(false, 'by taps, in Welsh, at the largest text size: the journey ends with a reference', `${e.message.split('\n')[0]} at ${page.url()}`);
  }
  await ctx.close();
}

// The journey with JavaScript off.
async function journeyNoJs(browser) {
  const ctx = await newGuardedContext(browser, new URL(base).origin, { viewport: PORTRAIT, javaScriptEnabled: false });
  const page = await newPage(ctx);
  try {
    await page.goto(base + '/');
    await nav(page, () => page.click('.button-start'));
    await nav(page, () => page.click('button.category[value="money"]'));
    await page.fill('#happened', 'Charged twice for laundry.');
    await nav(page, () => page.click('form[action="/happened"] button[type="submit"]'));
    await page.fill('#put-right', 'Refund.');
    await nav(page, () => page.click('form[action="/put-right"] button[type="submit"]'));
    await page.click('label[for="danger-no"]');
    await nav(page, () => page.click('form[action="/danger"] button[type="submit"]'));
    await page.click('label[for="reply-staff"]');
    await nav(page, () => page.click('form[action="/reply"] button[type="submit"]'));
    await page.fill('#staff', 'The manager');
    await page.fill('#where', 'Room 3');
    await nav(page, () => page.click('form[action="/reply-details"] button[type="submit"]'));
    await page.click('label[for="help-representative"]');
    await nav(page, () => page.click('form[action="/help"] button[type="submit"]'));
    await nav(page, () => page.click('form[action="/submit"] button'));
    const ref = await referenceOf(page);
    report(/^K03-\d{4,}$/.test(ref), 'without JavaScript: the journey ends with a reference', ref);
  } catch (e) {
    report(false, 'without JavaScript: the journey ends with a reference', e.message.split('\n')[0]);
  }
  await ctx.close();
}

// The idle warning on the kiosk with a 2 s idle time and a 10 s warning.
async function idleWarning(browser) {
  const ctx = await newGuardedContext(browser, new URL(idleBase).origin, { viewport: PORTRAIT });
  const page = await newPage(ctx);
  const text = 'Answers that must survive ten warnings';
  try {
    await page.goto(idleBase + '/');
    await nav(page, () => page.click('.button-start'));
    await nav(page, () => page.click('button.category[value="repairs"]'));
    await page.fill('#happened', text);
    let shown = 0;
    for (let i = 1; i <= 10; i++) {
      await page.waitForSelector('dialog#idle[open]', { timeout: 8000 });
      const st = await page.evaluate(() => {
        const d = document.getElementById('idle');
        return { focus: document.activeElement && document.activeElement.id, role: d.getAttribute('role'), name: document.getElementById(d.getAttribute('aria-labelledby')).textContent };
      });
      if (i === 1) {
        report(st.focus === 'idle-more' && st.role === 'alertdialog' && st.name.length > 0, 'idle warning: appears as a named alert dialog and focus moves to "I need more time"', JSON.stringify(st));
        await checkScreen(page, 'idle-warning', { vnu: false });
      }
      await page.click('#idle-more');
      await page.waitForFunction(() => !document.getElementById('idle').open);
      shown++;
    }
    const kept = await page.inputValue('#happened');
    report(shown === 10 && kept === text, '"I need more time" works 10 times and the answers stay', `${shown} times, text "${kept}"`);
    // Submit the text so the next load carries it, then let it all expire.
    await nav(page, () => page.click('form[action="/happened"] button[type="submit"]'));
    await page.waitForSelector('dialog#idle[open]', { timeout: 8000 });
    await page.waitForURL(/\/\?cleared=1$/, { timeout: 25000 });
    const start = await page.evaluate(() => ({ h1: document.querySelector('h1').textContent, notice: !!document.querySelector('.notice') }));
    report(start.notice, 'idle warning unanswered: everything is cleared and the start page says so', JSON.stringify(start));
    await checkScreen(page, 'start-cleared');
    await page.goBack({ waitUntil: 'load' });
    const back = await page.evaluate(() => ({ path: location.pathname, body: document.body.innerText }));
    const backOk = back.path === '/' && !back.body.includes(text) && !back.body.includes('Loud music');
    report(backOk, 'Back after the clearing shows nothing of the answers', `${back.path}: ${back.body.slice(0, 120)}`);
  } catch (e) {
    report(false, 'idle warning', `${e.message.split('\n')[0]} at ${page.url()}`);
  }
  await ctx.close();
}

// The "not saved" screen, on the kiosk whose outbox is capped too small.
async function notSaved(browser) {
  const ctx = await newGuardedContext(browser, new URL(fullBase).origin, { viewport: PORTRAIT });
  const page = await newPage(ctx);
  try {
    await page.goto(fullBase + '/');
    await nav(page, () => page.click('.button-start'));
    await nav(page, () => page.click('button.category[value="other"]'));
    await page.fill('#happened', 'x');
    await nav(page, () => page.click('form[action="/happened"] button[type="submit"]'));
    await page.fill('#put-right', 'y');
    await nav(page, () => page.click('form[action="/put-right"] button[type="submit"]'));
    await page.check('#danger-no');
    await nav(page, () => page.click('form[action="/danger"] button[type="submit"]'));
    await page.check('#reply');
    await nav(page, () => page.click('form[action="/reply"] button[type="submit"]'));
    await page.check('#help-none');
    await nav(page, () => page.click('form[action="/help"] button[type="submit"]'));
    await nav(page, () => page.click('form[action="/submit"] button'));
    const shown = await page.evaluate(() => ({ h1: document.querySelector('h1').textContent, ref: !!document.querySelector('.reference') }));
    report(/not saved/.test(shown.h1) && !shown.ref, 'the outbox cannot take it: "not saved" and no reference', JSON.stringify(shown));
    await checkScreen(page, 'not-saved', { status: 503 });
  } catch (e) {
    report(false, 'not saved', `${e.message.split('\n').slice(0, 14).join(' | ')} at ${page.url()}`);
  }
  await ctx.close();
}

// Send a complaint with a canary, exit, and look for the canary in every
// file of the browser's profile (which Playwright keeps under TMPDIR).
async function canary(browser) {
  const word = `BROWSERCANARY${Date.now()}`;
  const ctx = await newGuardedContext(browser, new URL(base).origin, { viewport: PORTRAIT });
  const page = await ctx.newPage();
  await page.goto(base + '/');
  await nav(page, () => page.click('.button-start'));
  await nav(page, () => page.click('button.category[value="other"]'));
  await page.fill('#happened', `Canary ${word} text`);
  await nav(page, () => page.click('form[action="/happened"] button[type="submit"]'));
  await page.fill('#put-right', word);
  await nav(page, () => page.click('form[action="/put-right"] button[type="submit"]'));
  await page.check('#danger-no');
  await nav(page, () => page.click('form[action="/danger"] button[type="submit"]'));
  await page.check('#reply-room');
  await nav(page, () => page.click('form[action="/reply"] button[type="submit"]'));
  await page.fill('#name', word);
  await page.fill('#room', '9');
  await nav(page, () => page.click('form[action="/reply-details"] button[type="submit"]'));
  await page.check('#help-none');
  await nav(page, () => page.click('form[action="/help"] button[type="submit"]'));
  await nav(page, () => page.click('form[action="/submit"] button'));
  const ref = await referenceOf(page);
  await nav(page, () => page.click('form.exit button'));
  await page.goBack({ waitUntil: 'load' }).catch(() => {});
  const back = await page.evaluate(() => document.body.innerText);
  report(!back.includes(word) && !back.includes(ref || 'none'), 'Back after Finish shows nothing of the complaint', back.slice(0, 120));
  await ctx.close();
  await new Promise((r) => setTimeout(r, 500));
  const hits = [];
  const needles = [Buffer.from(word, 'utf8'), Buffer.from(word, 'utf16le')];
  const walk = (d) => {
    let ents = [];
    try {
      ents = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of ents) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) {
        try {
          const b = fs.readFileSync(p);
          if (needles.some((n) => b.includes(n))) hits.push(p);
        } catch {}
      }
    }
  };
  const profiles = fs.readdirSync(os.tmpdir()).filter((n) => n.startsWith('playwright')).map((n) => path.join(os.tmpdir(), n));
  profiles.forEach(walk);
  report(ref !== '' && profiles.length > 0 && hits.length === 0, `the canary of a sent complaint is nowhere in the browser profile (${profiles.length} folder(s) searched)`, hits.length ? hits.join(', ') : `reference "${ref}", profiles ${profiles.length}`);
}

// ------------------------------------------------------------------ main

let browser;
let exitCode = 0;
try {
  browser = await launchBrowser();
} catch (e) {
  fail2(`cannot start Chromium: ${e.message.split('\n')[0]}`);
}
try {
  console.log(`# candour-kiosk browser checks at ${base} and ${idleBase}, Chromium ${browser.version()}`);
  await journeyScreens(browser);
  await journeyKeyboard(browser);
  await journeyTouch(browser);
  await journeyNoJs(browser);
  await idleWarning(browser);
  await notSaved(browser);
  await canary(browser);
  const vnu = htmlFiles.length ? await runVnu(htmlFiles, htmlDir) : { byFile: new Map() };
  if (vnu.fatal) report(false, 'vnu', vnu.fatal);
  else for (const [f, msgs] of vnu.byFile) report(msgs.length === 0, `vnu ${f.replace(/\.html$/, '')}`, `${msgs.length} error(s): ${msgs.slice(0, 8).join(' | ')}`);
} catch (e) {
  console.error(`check-kiosk: ${e.stack || e}`);
  failed++;
  exitCode = 1;
} finally {
  if (browser) await browser.close().catch(() => {});
  fs.rmSync(htmlDir, { recursive: true, force: true });
}
console.log(`kiosk-browser: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 || exitCode ? 1 : 0);
