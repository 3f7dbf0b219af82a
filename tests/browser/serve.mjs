// A tiny static file server for a built site, used by check-site.mjs and
// screenshot.mjs. It serves SITE_DIR under a URL path prefix (default
// /complaints/) on 127.0.0.1 at a random free port, so the checks prove the
// site works when it is not at the root of the web server.
//
//   const server = await serveSite('/path/to/site', { prefix: '/complaints/' });
//   server.base    // 'http://127.0.0.1:PORT/complaints/'
//   server.origin  // 'http://127.0.0.1:PORT'
//   await server.close();
//
// Rules:
//   - only GET and HEAD (anything else: 405);
//   - PREFIX/dir/ serves SITE_DIR/dir/index.html; PREFIX/dir (a directory,
//     no trailing slash) and the bare prefix without its slash redirect (301)
//     to the same path with a slash;
//   - a path outside the prefix, a missing file, or a path that tries to
//     leave SITE_DIR answers with SITE_DIR/404.html and status 404 (plain
//     text if the site has no 404.html);
//   - content types by file extension (unknown: application/octet-stream),
//     with X-Content-Type-Options: nosniff so a wrong type shows up as a
//     failure in the browser instead of being guessed around.

import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';

export const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.pdf': 'application/pdf',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
};

export function contentTypeFor(file) {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream';
}

// '/complaints' or 'complaints/' or '' -> '/complaints/' or '/'
export function normalizePrefix(prefix = '/complaints/') {
  let p = String(prefix).trim();
  if (!p.startsWith('/')) p = '/' + p;
  if (!p.endsWith('/')) p += '/';
  return p.replace(/\/{2,}/g, '/');
}

function statOrNull(p) {
  try {
    return fs.statSync(p);
  } catch {
    return null;
  }
}

// onResponse(urlPath, status), if given, is called for every answer (check-site.mjs
// uses it to tell why the browser gave up on a request).
export async function serveSite(siteDir, { prefix = '/complaints/', host = '127.0.0.1', port = 0, onResponse = null } = {}) {
  const root = fs.realpathSync(path.resolve(siteDir));
  const pfx = normalizePrefix(prefix);
  const notFoundFile = path.join(root, '404.html');

  const send = (req, res, status, headers, body) => {
    if (onResponse) onResponse(req.url, status);
    res.writeHead(status, {
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      ...headers,
    });
    if (req.method === 'HEAD') res.end();
    else res.end(body);
  };

  const notFound = (req, res) => {
    const st = statOrNull(notFoundFile);
    if (st && st.isFile()) {
      send(req, res, 404, { 'Content-Type': CONTENT_TYPES['.html'] }, fs.readFileSync(notFoundFile));
    } else {
      send(req, res, 404, { 'Content-Type': 'text/plain; charset=utf-8' }, 'Not found (and the site has no 404.html)\n');
    }
  };

  const handler = (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(req, res, 405, { 'Content-Type': 'text/plain; charset=utf-8', Allow: 'GET, HEAD' }, 'Method not allowed\n');
      return;
    }
    let urlPath;
    try {
      urlPath = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    } catch {
      send(req, res, 400, { 'Content-Type': 'text/plain; charset=utf-8' }, 'Bad request\n');
      return;
    }
    if (urlPath.includes('\0')) return notFound(req, res);
    if (urlPath + '/' === pfx) {
      send(req, res, 301, { Location: pfx }, '');
      return;
    }
    if (!urlPath.startsWith(pfx)) return notFound(req, res);

    const rel = urlPath.slice(pfx.length);
    let file = path.resolve(root, '.' + path.posix.normalize('/' + rel));
    if (file !== root && !file.startsWith(root + path.sep)) return notFound(req, res);

    let st = statOrNull(file);
    if (st && st.isDirectory()) {
      if (!urlPath.endsWith('/')) {
        const u = new URL(req.url, 'http://x');
        send(req, res, 301, { Location: u.pathname + '/' + u.search }, '');
        return;
      }
      file = path.join(file, 'index.html');
      st = statOrNull(file);
    }
    if (!st || !st.isFile()) return notFound(req, res);
    // A symlink inside the site must not lead outside it.
    let real;
    try {
      real = fs.realpathSync(file);
    } catch {
      return notFound(req, res);
    }
    if (real !== root && !real.startsWith(root + path.sep)) return notFound(req, res);

    send(req, res, 200, { 'Content-Type': contentTypeFor(file), 'Content-Length': st.size }, fs.readFileSync(file));
  };

  const server = http.createServer(handler);
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const addr = server.address();
  const origin = `http://${host}:${addr.port}`;
  return {
    root,
    prefix: pfx,
    origin,
    base: origin + pfx,
    // URL of a page given its path relative to the site root
    // ('index.html' -> base, 'policy/index.html' -> base + 'policy/').
    urlFor(relPath) {
      let p = relPath.split(path.sep).join('/').replace(/^\/+/, '');
      if (p === 'index.html') p = '';
      else if (p.endsWith('/index.html')) p = p.slice(0, -'index.html'.length);
      return origin + pfx + p.split('/').map(encodeURIComponent).join('/');
    },
    close() {
      return new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      });
    },
  };
}
