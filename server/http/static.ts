import fs from 'node:fs';
import path from 'node:path';
import express, { type Express } from 'express';

/** Serves the built SPA: hashed assets cached for a year, every other page answered by index.html. */
export function serveClient(app: Express, clientDir: string): void {
  const index = path.join(clientDir, 'index.html');
  app.use('/assets', express.static(path.join(clientDir, 'assets'), { immutable: true, maxAge: '365d', fallthrough: false }));
  app.use(express.static(clientDir, { index: false, maxAge: '1h' }));
  app.get(/^(?!\/api\/|\/socket\.io\/).*/, (_req, res) => {
    res.setHeader('Cache-Control', 'no-cache');
    res.type('html').send(fs.readFileSync(index));
  });
}

export function clientBuilt(clientDir: string): boolean {
  return fs.existsSync(path.join(clientDir, 'index.html'));
}
