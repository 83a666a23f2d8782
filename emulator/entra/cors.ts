import type { Request, Response } from 'express';

/**
 * Lets a browser read the v2 token endpoint's answer from the page's origin: Entra answers single-page apps'
 * cross-origin code redemptions (and their preflights) with the caller's origin.
 */
export function allowOrigin(req: Request, res: Response): void {
  const origin = req.get('origin');
  if (origin) res.set('Access-Control-Allow-Origin', origin).set('Vary', 'Origin');
}
