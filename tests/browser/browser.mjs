// Launching Debian's Chromium through playwright-core, shared by
// check-site.mjs and screenshot.mjs. No browser is ever downloaded: the
// executable is /usr/bin/chromium unless CHROMIUM_PATH says otherwise.

import fs from 'node:fs';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-gpu',
  '--disable-quic',
];

export function chromiumMissing() {
  try {
    fs.accessSync(CHROMIUM_PATH, fs.constants.X_OK);
    return null;
  } catch {
    return `Chromium not found at ${CHROMIUM_PATH} (apt-get install chromium, or set CHROMIUM_PATH)`;
  }
}

// playwright-core is imported here, not at the top, so a missing
// `npm ci` gives the caller's clear message instead of a module error.
export async function launchBrowser() {
  let chromium;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch (e) {
    throw new Error(`playwright-core is not installed (run "npm ci" in tests/browser): ${e.message}`);
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

// True for URLs that stay on the local server (or need no network at all).
export function isLocalUrl(url, origin) {
  if (/^(data|blob|about):/i.test(url)) return true;
  try {
    return new URL(url).origin === origin;
  } catch {
    return false;
  }
}

// A browser context whose requests never leave this machine: anything not
// for `origin` is aborted before it is sent (and still shows up in
// page.on('request'), so check-site.mjs can report it). `origin` may be a
// function returning the origin allowed now, for a context reused across
// sites served on different ports.
export async function newGuardedContext(browser, origin, options = {}) {
  const allowed = typeof origin === 'function' ? origin : () => origin;
  const context = await browser.newContext(options);
  await context.route('**/*', (route) => {
    if (isLocalUrl(route.request().url(), allowed())) return route.continue();
    return route.abort('blockedbyclient');
  });
  return context;
}
