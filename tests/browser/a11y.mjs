// Accessibility helpers shared by the browser checks: axe-core run inside a
// page (through the DevTools protocol, so a strict Content-Security-Policy
// needs no bypass), and the Nu HTML Checker over saved files. check-site.mjs
// and check-kiosk.mjs both use them.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

export const oneLine = (s, max = 300) => {
  const t = String(s).replace(/\s+/g, ' ').trim();
  return t.length > max ? t.slice(0, max - 1) + '…' : t;
};

// Paths of axe.min.js and vnu.jar; throws with a clear message when
// `npm ci` has not been run.
export function toolPaths() {
  return { axe: require.resolve('axe-core/axe.min.js'), vnu: String(require('vnu-jar')) };
}

let axeSource = null;

// axe-core's violations on the page as it is now, as one line each:
// "rule (impact) at target, ...: help". Empty when there are none.
export async function axeViolations(page, tags = AXE_TAGS) {
  if (axeSource === null) axeSource = fs.readFileSync(toolPaths().axe, 'utf8');
  const loaded = await page.evaluate(() => typeof window.axe !== 'undefined');
  if (!loaded) await page.evaluate(axeSource);
  const found = await page.evaluate(async (t) => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: t }, resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }));
  }, tags);
  return found.map((v) => `${v.id} (${v.impact}) at ${v.targets.slice(0, 4).join(', ')}: ${v.help}`);
}

// Run the Nu HTML Checker (errors only) on files (paths relative to cwd).
// Resolves { byFile: Map(file -> [messages]) } or { fatal: 'why' }.
export function runVnu(files, cwd) {
  return new Promise((resolve) => {
    const child = spawn('java', ['-Xss8m', '-jar', toolPaths().vnu, '--errors-only', '--format', 'json', '--stdout', ...files], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', (e) => resolve({ fatal: `could not start java: ${e.message}` }));
    child.on('close', (code) => {
      let json;
      try {
        json = JSON.parse(out);
      } catch {
        resolve({ fatal: `vnu exited ${code} without JSON output: ${oneLine(err || out, 400)}` });
        return;
      }
      const byFile = new Map(files.map((f) => [f, []]));
      for (const m of json.messages || []) {
        if (m.type !== 'error' && m.type !== 'non-document-error') continue;
        let rel = null;
        try {
          rel = path.relative(cwd, fileURLToPath(new URL(m.url))).split(path.sep).join('/');
        } catch {}
        const name = byFile.has(rel) ? rel : '(other)';
        const where = m.firstColumn ? `:${m.firstColumn}-${m.lastColumn}` : m.lastColumn ? `:${m.lastColumn}` : '';
        if (!byFile.has(name)) byFile.set(name, []);
        byFile.get(name).push(`${name === '(other)' ? `${m.url || ''} ` : ''}line ${m.lastLine ?? '?'}${where}: ${oneLine(m.message, 300)}${m.extract ? ` [${oneLine(m.extract, 80)}]` : ''}`);
      }
      resolve({ byFile });
    });
  });
}
