#!/usr/bin/env node
// Screenshot one page of a built site, served the same way check-site.mjs
// serves it (under a URL prefix on 127.0.0.1).
//
//   node screenshot.mjs SITE_DIR PAGE_PATH OUT.png [--width 320] [--height 800] [--full]
//                       [--prefix /complaints/] [--scale 1] [--no-js] [--tab N]
//
// PAGE_PATH is relative to the site root: '' or / for the home page,
// policy/ or policy/index.html, 404.html, ...
// --full takes the whole page, not just the viewport; --scale sets the
// deviceScaleFactor; --no-js turns JavaScript off; --tab N presses Tab N
// times first, to see focus styles (e.g. --tab 1 shows the skip link).

import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { serveSite } from './serve.mjs';
import { chromiumMissing, launchBrowser, newGuardedContext } from './browser.mjs';

function usage(msg) {
  if (msg) console.error(`screenshot: ${msg}`);
  console.error('usage: node screenshot.mjs SITE_DIR PAGE_PATH OUT.png [--width 320] [--height 800] [--full] [--prefix /complaints/] [--scale 1] [--no-js] [--tab N]');
  process.exit(2);
}

let opts;
try {
  opts = parseArgs({
    allowPositionals: true,
    options: {
      width: { type: 'string', default: '320' },
      height: { type: 'string', default: '800' },
      full: { type: 'boolean', default: false },
      prefix: { type: 'string', default: '/complaints/' },
      scale: { type: 'string', default: '1' },
      'no-js': { type: 'boolean', default: false },
      tab: { type: 'string', default: '0' },
      help: { type: 'boolean', short: 'h' },
    },
  });
} catch (e) {
  usage(e.message);
}
if (opts.values.help) usage();
if (opts.positionals.length !== 3) usage('expected SITE_DIR PAGE_PATH OUT.png');
const [siteArg, pagePath, outPng] = opts.positionals;
const siteDir = path.resolve(siteArg);
if (!fs.existsSync(siteDir) || !fs.statSync(siteDir).isDirectory()) usage(`${siteDir} is not a directory`);
const width = parseInt(opts.values.width, 10);
const height = parseInt(opts.values.height, 10);
const scale = parseFloat(opts.values.scale);
const tabs = parseInt(opts.values.tab, 10) || 0;
if (!(width > 0 && height > 0 && scale > 0)) usage('--width, --height and --scale must be positive numbers');
const missing = chromiumMissing();
if (missing) {
  console.error(`screenshot: ${missing}`);
  process.exit(2);
}

const server = await serveSite(siteDir, { prefix: opts.values.prefix });
let browser;
try {
  browser = await launchBrowser();
} catch (e) {
  console.error(`screenshot: cannot start Chromium: ${e.message.split('\n')[0]}`);
  await server.close();
  process.exit(2);
}
let code = 0;
try {
  const ctx = await newGuardedContext(browser, server.origin, {
    viewport: { width, height },
    deviceScaleFactor: scale,
    javaScriptEnabled: !opts.values['no-js'],
  });
  const page = await ctx.newPage();
  const url = server.base + pagePath.replace(/^\/+/, '');
  const resp = await page.goto(url, { waitUntil: 'load' });
  await page.waitForLoadState('networkidle', { timeout: 3000 }).catch(() => {});
  for (let i = 0; i < tabs; i++) await page.keyboard.press('Tab');
  await page.screenshot({ path: outPng, fullPage: opts.values.full });
  console.log(`${outPng}: ${url} (HTTP ${resp ? resp.status() : '?'}), ${width}x${height}${scale !== 1 ? ` @${scale}x` : ''}${opts.values.full ? ', full page' : ''}`);
  await ctx.close();
} catch (e) {
  console.error(`screenshot: ${e.message}`);
  code = 1;
} finally {
  await browser.close();
  await server.close();
}
process.exit(code);
