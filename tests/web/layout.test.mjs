// The editor's "Auto layout": the map comes back from POST /api/layout and replaces
// the drawing; with unsaved changes the editor asks first (and does nothing when the
// answer is no); "Undo auto layout" brings the drawing before it back.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startAll, newPage, signIn, visit, settle, axe, noErrors } from './helpers.mjs';

/** Bounds of every shape of the open editor, by id. */
const boxes = (page) =>
  page.evaluate(() =>
    Object.fromEntries(
      window.__kartla.modeler
        .get('elementRegistry')
        .filter((e) => !e.waypoints && e.type !== 'label' && e.parent)
        .map((e) => [e.id, [e.x, e.y, e.width, e.height]]),
    ),
  );

describe('editor auto layout', () => {
  let server;
  let browser;
  before(async () => ({ server, browser } = await startAll()));
  after(async () => {
    await browser?.close();
    if (server) assert.equal((await server.stop()).code, 0);
  });

  test('lays the map out, asks before overwriting unsaved work, and undoes', async () => {
    const page = await newPage(browser, server.base);
    await signIn(page, 'handledare');
    // A demo process whose current map has tasks.
    const pid = await page.evaluate(async () => {
      for (const p of (await (await fetch('/api/processes?limit=50')).json()).items) {
        const full = await (await fetch(`/api/processes/${p.id}`)).json();
        if (full.current?.as_is) return p.id;
      }
      return null;
    });
    assert.ok(pid, 'the demo workspace has a process with a map');
    await visit(page, `/process/${pid}/edit`);
    await page.waitForFunction(() => window.__kartla?.modeler && window.__kartla.findings);
    // Move a task far away: the drawing is now unsaved.
    const moved = await page.evaluate(() => {
      const m = window.__kartla.modeler;
      const task = m.get('elementRegistry').filter((e) => e.type === 'bpmn:Task')[0];
      m.get('modeling').moveShape(task, { x: 0, y: 15 });
      return task.id;
    });
    await page.waitForSelector('.badge');
    const messy = await boxes(page);

    // Answering no leaves the drawing as it is.
    page.once('dialog', (d) => d.dismiss());
    await page.click('[data-testid=auto-layout]');
    assert.deepEqual(await boxes(page), messy);
    assert.equal(await page.locator('[data-testid=undo-layout]').count(), 0);

    page.once('dialog', (d) => d.accept());
    await page.click('[data-testid=auto-layout]');
    await page.waitForSelector('[role=status]:has-text("The map was laid out automatically.")');
    const laid = await boxes(page);
    assert.deepEqual(Object.keys(laid).sort(), Object.keys(messy).sort(), 'the same elements');
    assert.notDeepEqual(laid, messy, 'the shapes moved');
    await axe(page, 'editor after auto layout');

    await page.click('[data-testid=undo-layout]');
    await page.waitForSelector('[role=status]:has-text("Auto layout undone.")');
    assert.deepEqual((await boxes(page))[moved], messy[moved], 'the drawing before the layout is back');
    assert.equal(await page.locator('[data-testid=undo-layout]').count(), 0);
    await settle(page);
    noErrors(page, 'auto layout');
    await page.context().close();
  });
});
