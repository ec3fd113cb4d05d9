import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';

const common = {
  // HSTS belongs to the TLS proxy in front (docs/production-tls.md): sent over plain HTTP it means nothing.
  strictTransportSecurity: false,
  xFrameOptions: { action: 'deny' },
  referrerPolicy: { policy: 'no-referrer' },
} as const;

/** JSON answers: nothing in them may run, load or be framed. */
const forData = helmet({
  ...common,
  contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
});

/** The interactive API docs (Swagger UI) load their own script and style from /api/docs. */
const forDocs = helmet({
  ...common,
  contentSecurityPolicy: { directives: { frameAncestors: ["'none'"], upgradeInsecureRequests: null } },
});

/**
 * Headers on every answer under /api, errors included: not sniffed, not framed, no referrer, and never
 * stored by a browser or proxy, since most answers carry personal data about schools and staff.
 */
export function apiSecurityHeaders(req: Request, res: Response, next: NextFunction): void {
  res.setHeader('Cache-Control', 'no-store');
  (req.path.startsWith('/docs') ? forDocs : forData)(req, res, next);
}
