import { Logger } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import express, { type NextFunction, type Request, type Response } from 'express';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Only our own origin: no inline script or style, no third-party anything. */
export const WEB_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const here = dirname(fileURLToPath(import.meta.url));

/**
 * The web app's files are plain HTML, CSS and ES modules kept in `src/web/public` and never compiled, so they
 * are served from the source folder: beside this module when it runs from `src/` (jest), or three folders up
 * from `dist/src/web/` when it runs compiled (`npm start`).
 */
export function webPublicDir(): string | undefined {
  const candidates = [join(here, 'public'), join(here, '..', '..', '..', 'src', 'web', 'public')];
  return candidates.find((dir) => existsSync(join(dir, 'index.html')));
}

/** chart.js's UMD build, straight from node_modules: no copy, no build step. */
export function chartJsFile(): string {
  const entry = createRequire(import.meta.url).resolve('chart.js');
  return join(dirname(entry), 'chart.umd.js');
}

function setWebHeaders(res: { setHeader(name: string, value: string): void }): void {
  res.setHeader('Content-Security-Policy', WEB_CONTENT_SECURITY_POLICY);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Frame-Options', 'DENY');
  // Revalidate every time (ETag), so that a new release is picked up at once.
  res.setHeader('Cache-Control', 'no-cache');
}

/**
 * Serves the web app at `/` (the API stays under `/api`) and chart.js at `/vendor/chart.umd.js`. These are
 * public files with no data in them; everything the pages show comes from the API with the user's token.
 */
export function serveWebApp(app: NestExpressApplication): void {
  const publicDir = webPublicDir();
  if (!publicDir) {
    // The API works without the pages; say so rather than refuse to start.
    new Logger('WebApp').warn({ msg: 'The web app files (src/web/public) were not found; serving the API only' });
    return;
  }
  const chart = chartJsFile();
  app.use(
    '/vendor/chart.umd.js',
    (
      req: { method: string },
      res: { setHeader(n: string, v: string): void; sendFile(p: string): void },
      next: () => void,
    ) => {
      if (req.method !== 'GET' && req.method !== 'HEAD') return next();
      setWebHeaders(res);
      res.setHeader('Content-Type', 'text/javascript; charset=utf-8');
      res.sendFile(chart);
    },
  );
  const files = express.static(publicDir, { index: 'index.html', dotfiles: 'ignore', setHeaders: setWebHeaders });
  // API requests skip the file lookup: a stat of the disk on every call would slow every request.
  app.use((req: Request, res: Response, next: NextFunction) =>
    req.path.startsWith('/api/') ? next() : files(req, res, next),
  );
}
