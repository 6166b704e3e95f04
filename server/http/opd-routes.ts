import { Router } from 'express';
import { idParamSchema, opdImportSchema, opdInputSchema, opdListQuerySchema, opdPatchSchema, opdReorderSchema } from '../../shared/protocol';
import { parseInput } from '../errors';
import type { OpdService } from '../services/opd-service';
import { importText } from '../services/opd-csv';
import { authorise } from './session';

export function opdRoutes(opds: OpdService): Router {
  const router = Router();

  router.get('/opds', async (req, res) => {
    authorise(res, 'directory.read');
    const query = parseInput(opdListQuerySchema, req.query);
    res.json({ items: await opds.list(query) });
  });

  router.get('/opds/groups', async (_req, res) => {
    authorise(res, 'directory.read');
    res.json({ items: await opds.groups() });
  });

  router.post('/opds', async (req, res) => {
    authorise(res, 'directory.manage');
    res.status(201).json(await opds.create(parseInput(opdInputSchema, req.body)));
  });

  // Before /opds/:id, so "order" is never read as an id.
  router.put('/opds/order', async (req, res) => {
    authorise(res, 'directory.manage');
    res.json({ items: await opds.reorder(parseInput(opdReorderSchema, req.body)) });
  });

  router.patch('/opds/:id', async (req, res) => {
    authorise(res, 'directory.manage');
    const { id } = parseInput(idParamSchema, req.params);
    res.json(await opds.update(id, parseInput(opdPatchSchema, req.body)));
  });

  router.post('/opds/:id/archive', async (req, res) => {
    authorise(res, 'directory.manage');
    res.json(await opds.setArchived(parseInput(idParamSchema, req.params).id, true));
  });

  router.post('/opds/:id/restore', async (req, res) => {
    authorise(res, 'directory.manage');
    res.json(await opds.setArchived(parseInput(idParamSchema, req.params).id, false));
  });

  router.post('/opds/import/preview', async (req, res) => {
    authorise(res, 'directory.manage');
    const { text, encoding } = importText(parseInput(opdImportSchema, req.body));
    res.json(await opds.previewImport(text, encoding));
  });

  router.post('/opds/import/apply', async (req, res) => {
    authorise(res, 'directory.manage');
    res.json(await opds.applyImport(importText(parseInput(opdImportSchema, req.body)).text));
  });

  return router;
}
