#!/usr/bin/env node
// Browser checks for a site candour has built. See README.md.
//
//   node check-site.mjs SITE_DIR [--prefix /complaints/] [--concurrency 2] [--only TEXT]
//   node check-site.mjs --site NAME=SITE_DIR [--site NAME=SITE_DIR ...] [options]
//
// Prints one `ok - CHECK PAGE` or `not ok - CHECK PAGE: DETAILS` line per
// check and page (`ok - NAME: CHECK PAGE` for a named site), then
// `browser: N passed, N failed`. Several sites share one Chromium, one set
// of workers and one Nu HTML Checker run. Exit 0 when all pass, 1 when any
// fails, 2 when the checks cannot run (no html files, no Chromium, no java,
// bad arguments).

import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { serveSite } from './serve.mjs';
import { AXE_TAGS, oneLine, runVnu } from './a11y.mjs';
import { chromiumMissing, launchBrowser, newGuardedContext, isLocalUrl } from './browser.mjs';

const require = createRequire(import.meta.url);

// Order the per-page lines are printed in.
const CHECKS = [
  'axe',
  'reflow-320',
  'reflow-zoom-400',
  'no-js',
  'requests',
  'skip-link',
  'focus-visible',
  'img-alt',
  'table-headers',
];

const FOCUS_SAMPLE = 15;
const PAGE_TIMEOUT_MS = 20000;

function usage(msg) {
  if (msg) console.error(`check-site: ${msg}`);
  console.error('usage: node check-site.mjs SITE_DIR [--prefix /complaints/] [--concurrency 2] [--only TEXT]');
  console.error('       node check-site.mjs --site NAME=SITE_DIR [--site NAME=SITE_DIR ...] [options]');
  process.exit(2);
}

function fail2(msg) {
  console.error(`check-site: ${msg}`);
  process.exit(2);
}

let opts;
try {
  opts = parseArgs({
    allowPositionals: true,
    options: {
      prefix: { type: 'string', default: '/complaints/' },
      concurrency: { type: 'string', default: '2' },
      only: { type: 'string' },
      site: { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h' },
    },
  });
} catch (e) {
  usage(e.message);
}
if (opts.values.help) usage();
const named = opts.values.site || [];
if (named.length === 0 && opts.positionals.length !== 1) usage('expected exactly one SITE_DIR, or --site NAME=SITE_DIR');
if (named.length > 0 && opts.positionals.length !== 0) usage('give either one SITE_DIR or --site NAME=SITE_DIR, not both');

// Each site: its label ('' for the one unnamed site; 'NAME: ' prefixes its
// check names otherwise), its folder and, below, its pages and server.
const sites = named.length === 0
  ? [{ label: '', dir: path.resolve(opts.positionals[0]) }]
  : named.map((arg) => {
    const eq = arg.indexOf('=');
    if (eq <= 0 || eq === arg.length - 1) usage(`--site wants NAME=SITE_DIR, not "${arg}"`);
    return { label: `${arg.slice(0, eq)}: `, dir: path.resolve(arg.slice(eq + 1)) };
  });
const concurrency = Math.max(1, Math.min(8, parseInt(opts.values.concurrency, 10) || 2));

// ---------------------------------------------------------------- preflight

for (const site of sites) {
  if (!fs.existsSync(site.dir) || !fs.statSync(site.dir).isDirectory()) fail2(`${site.dir} is not a directory`);
}

function findHtml(dir) {
  const found = [];
  const walk = (d) => {
    for (const ent of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, ent.name);
      if (ent.isDirectory()) walk(p);
      else if ((ent.isFile() || ent.isSymbolicLink()) && ent.name.endsWith('.html')) found.push(path.relative(dir, p).split(path.sep).join('/'));
    }
  };
  walk(dir);
  return found.sort();
}

for (const site of sites) {
  site.pages = findHtml(site.dir);
  if (opts.values.only) site.pages = site.pages.filter((p) => p.includes(opts.values.only));
  if (site.pages.length === 0) fail2(`no *.html files under ${site.dir}${opts.values.only ? ` matching "${opts.values.only}"` : ''} (build the site first)`);
}

const missing = chromiumMissing();
if (missing) fail2(missing);

const java = spawnSync('java', ['-version'], { encoding: 'utf8' });
if (java.error) fail2('java not found on PATH; the Nu HTML Checker needs Java 11 or later (apt-get install default-jre-headless)');


let axePath;
try {
  require('vnu-jar');
  axePath = require.resolve('axe-core/axe.min.js');
} catch (e) {
  fail2(`node modules missing (run "npm ci" in ${path.dirname(fileURLToPath(import.meta.url))}): ${e.message.split('\n')[0]}`);
}

// ---------------------------------------------------------------- helpers

const normText = (s) => String(s ?? '').replace(/\s+/g, ' ').trim();

// Runs `fn`, which records some of `names`; if it throws, every one of
// `names` it had not recorded yet is recorded as failed with the error.
async function block(results, names, fn) {
  try {
    await fn();
  } catch (e) {
    const msg = oneLine(e && e.message ? e.message.split('\n')[0] : e);
    for (const n of names) if (!results.has(n)) results.set(n, { ok: false, details: `could not run: ${msg}` });
  }
}

// Two animation frames: layout and paint after a load or a resize are done.
const frames = (page) => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));

// Counts requests in flight on a page (`on` as withPage gives it); quiet() resolves once none has been
// in flight for quietMs (at most maxMs). Cheaper than waiting for
// 'networkidle' (which always costs 500 ms) and still catches requests a
// script makes just after load.
function trackRequests(on) {
  const inflight = new Set();
  let last = Date.now();
  on('request', (r) => {
    inflight.add(r);
    last = Date.now();
  });
  const done = (r) => {
    inflight.delete(r);
    last = Date.now();
  };
  on('requestfinished', done);
  on('requestfailed', done);
  return async (quietMs = 120, maxMs = 3000) => {
    const t0 = Date.now();
    while (Date.now() - t0 < maxMs) {
      if (inflight.size === 0 && Date.now() - last >= quietMs) return;
      await new Promise((r) => setTimeout(r, 20));
    }
  };
}

// In-page helper source, evaluated in each page that needs it.
// __cDescribe names an element for a human: tag#id.class "text".
const DESCRIBE = `window.__cDescribe = (el) => {
  if (!el || el === document.body) return '<body>';
  if (el === document.documentElement) return '<html>';
  let s = el.tagName.toLowerCase();
  if (el.id) s += '#' + el.id;
  const cls = [...el.classList].slice(0, 2);
  if (cls.length) s += '.' + cls.join('.');
  const txt = (el.innerText || el.getAttribute('aria-label') || el.getAttribute('alt') || '').replace(/\\s+/g, ' ').trim();
  if (txt) s += ' "' + (txt.length > 40 ? txt.slice(0, 39) + '…' : txt) + '"';
  return s;
};`;

async function measureReflow(page) {
  return page.evaluate((describeSrc) => {
    (0, eval)(describeSrc);
    const iw = window.innerWidth;
    const sw = document.documentElement.scrollWidth;
    if (sw <= iw) return { ok: true };
    const offenders = [];
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue;
      const right = r.right + window.scrollX;
      if (right <= iw + 0.5) continue;
      const pr = el.parentElement.getBoundingClientRect().right + window.scrollX;
      if (el.parentElement !== document.body && pr > iw + 0.5) continue; // report where the overflow starts
      offenders.push(`${window.__cDescribe(el)} (right edge ${Math.round(right)}px)`);
      if (offenders.length >= 4) break;
    }
    return { ok: false, details: `scrollWidth ${sw}px > innerWidth ${iw}px${offenders.length ? '; overflowing: ' + offenders.join(', ') : ''}` };
  }, DESCRIBE);
}

// Installed in the JS-on page before the Tab walk: picks up to `sample`
// focusable elements spread over the page, remembers their unfocused
// outline/box-shadow, and on every focusin compares the focused style.
function installFocusProbe({ describeSrc, sample }) {
  (0, eval)(describeSrc);
  const sel = 'a[href], area[href], button, input:not([type="hidden"]), select, textarea, summary, iframe, [tabindex], [contenteditable=""], [contenteditable="true"]';
  const els = [...document.querySelectorAll(sel)].filter((e) => e.tabIndex >= 0 && !e.disabled && e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden');
  const pick = new Set();
  if (els.length <= sample) els.forEach((_, i) => pick.add(i));
  else for (let i = 0; i < sample; i++) pick.add(Math.round((i * (els.length - 1)) / (sample - 1)));
  const style = (e) => {
    const cs = getComputedStyle(e);
    return { outlineStyle: cs.outlineStyle, outlineWidth: cs.outlineWidth, outlineColor: cs.outlineColor, outlineOffset: cs.outlineOffset, boxShadow: cs.boxShadow };
  };
  const before = new Map();
  els.forEach((e, i) => pick.has(i) && before.set(e, style(e)));
  const state = { total: els.length, sampled: pick.size, pending: pick.size, bad: [], seen: new Set(), wrapped: false, presses: 0 };
  window.__cFocus = state;
  const transparent = (c) => c === 'transparent' || /^rgba\(.*,\s*0\)$/.test(c);
  document.addEventListener('focusin', (ev) => {
    const e = ev.target;
    if (state.seen.has(e)) state.wrapped = true;
    state.seen.add(e);
    if (!before.has(e)) return;
    const b = before.get(e);
    before.delete(e);
    state.pending--;
    const a = style(e);
    const outlineShown = a.outlineStyle !== 'none' && parseFloat(a.outlineWidth) > 0 && !transparent(a.outlineColor);
    const outlineChanged = ['outlineStyle', 'outlineWidth', 'outlineColor', 'outlineOffset'].some((k) => a[k] !== b[k]);
    const shadowShown = a.boxShadow !== 'none' && a.boxShadow !== b.boxShadow;
    if (!((outlineShown && outlineChanged) || shadowShown)) {
      state.bad.push(`${window.__cDescribe(e)} (focused: outline ${a.outlineStyle} ${a.outlineWidth} ${a.outlineColor}, box-shadow ${a.boxShadow})`);
    }
  }, true);
  return { total: els.length, sampled: pick.size };
}

// ---------------------------------------------------------------- per page

// One set of browser contexts per worker, each with one page (tab), reused
// for every page the worker checks, of every site: opening a tab costs about
// half a second, navigating one a tenth of that. Every context aborts
// requests that would leave the server of the site being checked
// (`current.origin`, set by the worker before each page).
async function newContexts(browser, current) {
  const vp = { width: 1280, height: 800 };
  const slot = async (viewport, options = {}, initScripts = []) => {
    const ctx = await newGuardedContext(browser, () => current.origin, { viewport, ...options });
    for (const p of initScripts) await ctx.addInitScript({ path: p });
    return { ctx, viewport, page: null };
  };
  return {
    // JS on, 1280x800, the site's CSP in force: requests, keyboard, DOM, reflow at 320.
    main: await slot(vp),
    // 1280 px at 400% zoom, emulated as a 320x200 CSS px viewport at deviceScaleFactor 4.
    zoom: await slot({ width: 320, height: 200 }, { deviceScaleFactor: 4 }),
    noJs: await slot(vp, { javaScriptEnabled: false }),
    // The site's CSP allows only 'self', so axe's injected script needs
    // bypassCSP. axe.min.js is given as an init script, run in every new
    // document before the page's own: the tab's renderer compiles it once,
    // where adding it to each loaded page took most of a second.
    axe: await slot(vp, { bypassCSP: true }, [axePath]),
  };
}

// Runs fn(page, on) with the slot's tab at its own viewport; `on(event,
// handler)` listens on the page for this check only. If it listened, the tab
// then goes to about:blank, so nothing of this page (a timer, a late
// request) is heard by the next check; if fn threw, the tab is closed and
// the next check gets a new one.
async function withPage(slot, fn) {
  if (!slot.page) {
    slot.page = await slot.ctx.newPage();
    slot.page.setDefaultTimeout(PAGE_TIMEOUT_MS);
  }
  const page = slot.page;
  const listeners = [];
  const on = (event, handler) => {
    page.on(event, handler);
    listeners.push([event, handler]);
  };
  let good = false;
  try {
    const vp = page.viewportSize();
    if (!vp || vp.width !== slot.viewport.width || vp.height !== slot.viewport.height) await page.setViewportSize(slot.viewport);
    const r = await fn(page, on);
    good = true;
    return r;
  } finally {
    for (const [event, handler] of listeners) page.off(event, handler);
    if (good && listeners.length) good = await page.goto('about:blank').then(() => true, () => false);
    if (!good) {
      slot.page = null;
      await page.close().catch(() => {});
    }
  }
}

async function checkPage(ctxs, site, rel) {
  const { server, served } = site;
  const url = server.urlFor(rel);
  const results = new Map();
  const rec = (name, ok, details = '') => results.set(name, { ok, details });
  let jsMainText = null;

  // --- JS on, 1280x800: requests, main text, img/table, keyboard, reflow at 320.
  await block(results, ['requests', 'img-alt', 'table-headers', 'skip-link', 'focus-visible', 'reflow-320'], () => withPage(ctxs.main, async (page, on) => {
    const quiet = trackRequests(on);
    const external = new Set();
    const failed = new Map();
    const consoleErrors = [];
    on('request', (r) => {
      if (!isLocalUrl(r.url(), server.origin)) external.add(r.url());
    });
    on('requestfailed', (r) => {
      if (external.has(r.url()) || failed.has(r.url())) return;
      // Chromium can abort a request (e.g. a stylesheet answered by the 404
      // page as text/html) before a response event: ask the server what it sent.
      const u = new URL(r.url());
      const status = u.origin === server.origin ? served.get(u.pathname + u.search) : undefined;
      const why = r.failure()?.errorText || 'failed';
      failed.set(r.url(), status >= 400 ? `HTTP ${status}, ${why}` : why);
    });
    on('response', (r) => {
      if (r.status() >= 400) failed.set(r.url(), `HTTP ${r.status()}`);
    });
    on('console', (m) => {
      if (m.type() !== 'error') return;
      const loc = m.location()?.url || '';
      if (/ERR_BLOCKED_BY_CLIENT/.test(m.text())) return; // an external request we blocked: reported as such
      if (/^Failed to load resource/.test(m.text()) && (failed.has(loc) || external.has(loc))) return;
      consoleErrors.push(oneLine(m.text(), 200) + (loc && loc !== url ? ` (${loc.replace(server.base, '')})` : ''));
    });
    on('pageerror', (e) => consoleErrors.push(`uncaught ${oneLine(e.message, 200)}`));

    const resp = await page.goto(url, { waitUntil: 'load' });
    await quiet();
    await frames(page);
    if (!resp || resp.status() !== 200) failed.set(url, `HTTP ${resp ? resp.status() : 'no response'} for the page itself`);

    // Text of main with JS on (for the no-JS comparison), images, tables.
    const dom = await page.evaluate((describeSrc) => {
      (0, eval)(describeSrc);
      const main = document.querySelector('main, [role="main"]');
      return {
        mainText: main ? main.innerText : null,
        imgsNoAlt: [...document.querySelectorAll('img')].filter((i) => !i.hasAttribute('alt')).map((i) => `img src="${i.getAttribute('src') || ''}"`),
        tablesNoTh: [...document.querySelectorAll('table')].filter((t) => !t.querySelector('th')).map((t) => {
          const cap = t.querySelector('caption');
          return cap ? `table "${cap.textContent.trim().slice(0, 40)}"` : window.__cDescribe(t).slice(0, 60);
        }),
      };
    }, DESCRIBE);
    jsMainText = dom.mainText;
    rec('img-alt', dom.imgsNoAlt.length === 0, `${dom.imgsNoAlt.length} img without an alt attribute: ${dom.imgsNoAlt.slice(0, 5).join(', ')}`);
    rec('table-headers', dom.tablesNoTh.length === 0, `${dom.tablesNoTh.length} table(s) without th: ${dom.tablesNoTh.slice(0, 5).join(', ')}`);

    // Keyboard, from the top of the freshly loaded page. The first Tab must
    // land on a skip link; then the Tab walk goes on through the page while
    // the focus probe compares focused and unfocused styles.
    let skip = null;
    await block(results, ['skip-link', 'focus-visible'], async () => {
      const n = await page.evaluate(installFocusProbe, { describeSrc: DESCRIBE, sample: FOCUS_SAMPLE });
      await page.keyboard.press('Tab');
      skip = await page.evaluate(() => {
        const a = document.activeElement;
        const info = { desc: window.__cDescribe(a) };
        if (!a || a.tagName !== 'A' || !a.hasAttribute('href')) return info;
        const href = new URL(a.href, location.href);
        const here = new URL(location.href);
        info.isLink = true;
        info.href = a.getAttribute('href');
        if (href.origin + href.pathname + href.search !== here.origin + here.pathname + here.search || href.hash.length < 2) return info;
        const id = decodeURIComponent(href.hash.slice(1));
        info.samePage = true;
        info.targetExists = !!(document.getElementById(id) || document.getElementsByName(id)[0]);
        const r = a.getBoundingClientRect();
        info.visible = r.width >= 8 && r.height >= 8 && r.right > 0 && r.bottom > 0 && r.left < innerWidth && r.top < innerHeight;
        info.rect = `${Math.round(r.left)},${Math.round(r.top)} ${Math.round(r.width)}x${Math.round(r.height)}`;
        window.__cSkip = a;
        return info;
      });
      if (!skip.isLink || !skip.samePage) rec('skip-link', false, `first Tab focused ${skip.desc}${skip.href ? ` (href="${skip.href}")` : ''}, not a link to an id on this page`);
      else if (!skip.targetExists) rec('skip-link', false, `skip link ${skip.desc} points to href="${skip.href}" but no element has that id`);
      else if (!skip.visible) rec('skip-link', false, `skip link ${skip.desc} is not visible when focused (box ${skip.rect})`);

      const maxPresses = Math.min(n.total + 5, 400);
      for (let presses = 1; presses < maxPresses; presses++) {
        if (presses % 5 === 0) {
          const st = await page.evaluate(() => ({ pending: window.__cFocus.pending, wrapped: window.__cFocus.wrapped }));
          if (st.pending === 0 || st.wrapped) break;
        }
        await page.keyboard.press('Tab');
      }
      const out = await page.evaluate(() => ({ bad: window.__cFocus.bad, unreached: window.__cFocus.pending }));
      if (out.bad.length) rec('focus-visible', false, `${out.bad.length} of ${n.sampled - out.unreached} sampled focusable elements show no focus indicator: ${out.bad.slice(0, 5).join('; ')}`);
      else rec('focus-visible', true);
    });

    // Enter on the skip link moves focus onto or into main.
    await block(results, ['skip-link'], async () => {
      if (results.has('skip-link')) return;
      await page.evaluate(() => window.__cSkip.focus());
      await page.keyboard.press('Enter');
      await frames(page);
      const where = () => page.evaluate(() => {
        const main = document.querySelector('main, [role="main"]');
        const a = document.activeElement;
        return { hasMain: !!main, inMain: !!(main && a && main.contains(a)), desc: window.__cDescribe(a) };
      });
      const after = await where();
      if (!after.hasMain) return rec('skip-link', false, 'the page has no main landmark to skip to');
      if (after.inMain) return rec('skip-link', true);
      // The target is not focusable (no tabindex="-1"): browsers still move the
      // sequential focus starting point there, so the next Tab should land in main.
      await page.keyboard.press('Tab');
      const next = await where();
      if (next.inMain) return rec('skip-link', true);
      rec('skip-link', false, `after Enter on the skip link focus is on ${after.desc} and the next Tab goes to ${next.desc}, outside main (give the target tabindex="-1" or check its id)`);
    });

    // Reflow at 320 CSS px.
    await block(results, ['reflow-320'], async () => {
      await page.setViewportSize({ width: 320, height: 800 });
      await quiet();
      await frames(page);
      const r = await measureReflow(page);
      rec('reflow-320', r.ok, r.details);
    });

    // Everything the page asked for while loaded, typed into and resized.
    const short = (u) => (u.startsWith(server.base) ? u.slice(server.base.length) || './' : u);
    const problems = [];
    if (external.size) problems.push(`external: ${[...external].join(', ')}`);
    if (failed.size) problems.push(`failed: ${[...failed].map(([u, why]) => `${short(u)} (${why})`).join(', ')}`);
    if (consoleErrors.length) problems.push(`console errors: ${consoleErrors.join(' | ')}`);
    rec('requests', problems.length === 0, problems.join('; '));
  }));

  // --- 1280 px at 400% zoom (320x200 CSS px at deviceScaleFactor 4).
  await block(results, ['reflow-zoom-400'], () => withPage(ctxs.zoom, async (page) => {
    await page.goto(url, { waitUntil: 'load' });
    await frames(page);
    const r = await measureReflow(page);
    rec('reflow-zoom-400', r.ok, r.details);
  }));

  // --- JavaScript off: one h1, a main landmark, same main text.
  await block(results, ['no-js'], () => withPage(ctxs.noJs, async (page) => {
    const resp = await page.goto(url, { waitUntil: 'load' });
    const d = await page.evaluate(() => {
      const mains = [...document.querySelectorAll('main, [role="main"]')].filter((m) => !m.hidden);
      return { h1: document.querySelectorAll('h1').length, mains: mains.length, text: mains[0] ? mains[0].innerText : null };
    });
    const problems = [];
    if (!resp || resp.status() !== 200) problems.push(`page answered HTTP ${resp ? resp.status() : 'nothing'}`);
    if (d.h1 !== 1) problems.push(`${d.h1} h1 elements (want exactly 1)`);
    if (d.mains !== 1) problems.push(d.mains === 0 ? 'no main landmark' : `${d.mains} main landmarks`);
    if (d.text !== null && jsMainText !== null) {
      const a = normText(jsMainText);
      const b = normText(d.text);
      if (a !== b) {
        let i = 0;
        while (i < a.length && i < b.length && a[i] === b[i]) i++;
        const from = Math.max(0, i - 20);
        problems.push(`main text differs at character ${i}: with JS "…${a.slice(from, i + 40)}…", without JS "…${b.slice(from, i + 40)}…"`);
      }
    } else if (d.text !== null && jsMainText === null) {
      problems.push('main exists without JS but not with JS');
    }
    rec('no-js', problems.length === 0, problems.join('; '));
  }));

  // --- axe-core at 1280x800 (CSP bypassed so the injected script runs).
  await block(results, ['axe'], () => withPage(ctxs.axe, async (page) => {
    await page.goto(url, { waitUntil: 'load' });
    const violations = await page.evaluate(async (tags) => {
      if (typeof window.axe === 'undefined') throw new Error('axe-core did not load into the page');
      const r = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
      return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }));
    }, AXE_TAGS);
    const details = violations.map((v) => {
      const t = v.targets.slice(0, 4).join(', ') + (v.targets.length > 4 ? ` and ${v.targets.length - 4} more` : '');
      return `${v.id} (${v.impact}) at ${t}: ${v.help}`;
    });
    rec('axe', violations.length === 0, `${violations.length} violation(s): ${details.join('; ')}`);
  }));

  return CHECKS.map((name) => ({ name, ...(results.get(name) || { ok: false, details: 'check did not run' }) }));
}

// ---------------------------------------------------------------- main

const lines = [];
let passed = 0;
let failedCount = 0;
function report(ok, check, page, details) {
  if (ok) passed++;
  else failedCount++;
  const line = ok ? `ok - ${check} ${page}` : `not ok - ${check} ${page}: ${oneLine(details, 2000)}`;
  console.log(line);
  lines.push(line);
}

const started = Date.now();
let browser;
let exitCode = 0;
try {
  for (const site of sites) {
    site.served = new Map(); // URL path -> last HTTP status the server answered
    site.server = await serveSite(site.dir, { prefix: opts.values.prefix, onResponse: (u, status) => site.served.set(u, status) });
    console.log(`# candour browser checks: ${site.label}${site.pages.length} page(s) from ${site.dir} at ${site.server.base}`);
  }
  try {
    browser = await launchBrowser();
  } catch (e) {
    for (const site of sites) await site.server.close();
    fail2(`cannot start Chromium: ${e.message.split('\n')[0]}`);
  }
  // Java runs alongside the browser checks: one run for the files of every
  // site, named by their paths from / (the Nu checker's cwd).
  const vnuFile = (site, rel) => path.relative('/', path.join(site.dir, rel)).split(path.sep).join('/');
  const vnuPromise = runVnu(sites.flatMap((site) => site.pages.map((p) => vnuFile(site, p))), '/');
  console.log(`# Chromium ${browser.version()}, concurrency ${concurrency}`);

  // Site-wide: a missing page answers 404 with the site's own 404.html.
  for (const site of sites) {
    const has404 = fs.existsSync(path.join(site.dir, '404.html'));
    const r = await fetch(site.server.base + 'candour-no-such-page.html');
    const body = await r.text();
    const problems = [];
    if (!has404) problems.push('the site has no 404.html');
    if (r.status !== 404) problems.push(`a missing page answered HTTP ${r.status}`);
    if (has404 && !/<h1[\s>]/i.test(body)) problems.push('404.html has no h1');
    report(problems.length === 0, `${site.label}not-found`, '404.html', problems.join('; '));
  }

  // Pages of every site, a few at a time; lines are printed in site and
  // page order.
  const items = sites.flatMap((site) => site.pages.map((rel) => ({ site, rel })));
  const done = new Array(items.length);
  let nextToPrint = 0;
  let nextToRun = 0;
  const flush = () => {
    while (nextToPrint < items.length && done[nextToPrint]) {
      const { site, rel } = items[nextToPrint];
      for (const r of done[nextToPrint]) report(r.ok, `${site.label}${r.name}`, rel, r.details);
      nextToPrint++;
    }
  };
  const worker = async () => {
    const current = { origin: null };
    const ctxs = await newContexts(browser, current);
    try {
      while (nextToRun < items.length) {
        const i = nextToRun++;
        current.origin = items[i].site.server.origin;
        try {
          done[i] = await checkPage(ctxs, items[i].site, items[i].rel);
        } catch (e) {
          done[i] = CHECKS.map((name) => ({ name, ok: false, details: `could not run: ${oneLine(e.message)}` }));
        }
        flush();
      }
    } finally {
      for (const s of Object.values(ctxs)) await s.ctx.close().catch(() => {});
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));

  // Nu HTML Checker, one Java run for all files.
  const vnu = await vnuPromise;
  for (const site of sites) {
    for (const p of site.pages) {
      if (vnu.fatal) {
        report(false, `${site.label}vnu`, p, vnu.fatal);
        continue;
      }
      const msgs = vnu.byFile.get(vnuFile(site, p)) || [];
      report(msgs.length === 0, `${site.label}vnu`, p, `${msgs.length} error(s): ${msgs.slice(0, 10).join(' | ')}${msgs.length > 10 ? ' | …' : ''}`);
    }
  }
  // A message the checker gave for no file it was asked about.
  const other = vnu.byFile ? vnu.byFile.get('(other)') : undefined;
  if (other) report(false, 'vnu', '(other)', `${other.length} error(s): ${other.slice(0, 10).join(' | ')}`);
} catch (e) {
  console.error(`check-site: ${e.stack || e}`);
  failedCount++;
  exitCode = 1;
} finally {
  if (browser) await browser.close().catch(() => {});
  for (const site of sites) if (site.server) await site.server.close();
}

console.log(`# ${((Date.now() - started) / 1000).toFixed(1)} s`);
console.log(`browser: ${passed} passed, ${failedCount} failed`);
process.exit(failedCount > 0 || exitCode ? 1 : 0);
