// Read confirmation in the browser (issue 13 §4), on the demo workspace, in
// nb and sv: the open task appears on my page (with its reminder mark), the
// person confirms it with "Read and understood", and the owner sees it on the
// process's versions: n of m confirmed, who has not, "send reminders now".
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startAll, newPage, signIn, visit, axe, noErrors } from './helpers.mjs';

describe('read confirmation', () => {
  let server;
  let browser;
  before(async () => {
    ({ server, browser } = await startAll());
  });
  after(async () => {
    await browser?.close();
    if (server) assert.equal((await server.stop()).code, 0);
  });

  /** The process id of the signed-in person's first open task (from the API, for the owner's page). */
  const firstTask = async (login) => {
    const c = server.client();
    assert.equal((await c.login(login, 'kartla-demo')).status, 200);
    const r = await c.get('/api/me/read-confirmations');
    assert.equal(r.status, 200, r.text);
    assert.ok(r.json.items.length, `${login} has a task`);
    return r.json.items[0];
  };

  test('nb: the leader confirms on my page; the owner sees 1 of 1', async () => {
    const task = await firstTask('ansvarlig');
    const page = await newPage(browser, server.base, { lang: 'nb' });
    await signIn(page, 'ansvarlig');
    await visit(page, '/');
    const card = page.locator('section.readconf');
    await card.locator(`li[data-readconf="${task.id}"]`).waitFor();
    assert.match(await card.locator('h2').textContent(), /Nye versjoner å lese/);
    // ten days old, the reminder period seven: marked
    assert.equal(await card.locator(`li[data-readconf="${task.id}"] .badge.reminder`).textContent(), 'Påminnelse');
    await axe(page, 'my page with a read confirmation (nb)');
    await card.locator(`li[data-readconf="${task.id}"] button:has-text("Lest og forstått")`).click();
    await card.locator(`li[data-readconf="${task.id}"]`).waitFor({ state: 'detached' });
    noErrors(page, 'my page (nb)');
    await page.context().close();

    const owner = await newPage(browser, server.base, { lang: 'nb' });
    await signIn(owner, 'eier');
    await visit(owner, `/process/${task.process_id}/versions`);
    const status = owner.locator(`section.readconf-status[data-version="${task.version_id}"]`);
    await status.waitFor();
    assert.match(await status.textContent(), /Versjon 1: 1 av 1 har bekreftet/);
    assert.match(await status.textContent(), /Alle har bekreftet/);
    noErrors(owner, 'versions (nb)');
    await owner.context().close();
  });

  test('sv: the owner reminds, the leader confirms, the owner sees 1 of 1', async () => {
    const task = await firstTask('ledare');
    const owner = await newPage(browser, server.base, { lang: 'sv' });
    await signIn(owner, 'agare');
    await visit(owner, `/process/${task.process_id}/versions`);
    const status = owner.locator(`section.readconf-status[data-version="${task.version_id}"]`);
    await status.waitFor();
    assert.match(await status.textContent(), /Version 1: 0 av 1 har bekräftat/);
    assert.match(await status.textContent(), /Erik Johansson/);
    await status.locator('button:has-text("Skicka påminnelser nu")').click();
    await status.locator('[role=status]:has-text("1 påminnelser skickade.")').waitFor();
    await axe(owner, 'versions with read confirmations (sv)');

    const page = await newPage(browser, server.base, { lang: 'sv' });
    await signIn(page, 'ledare');
    await visit(page, '/');
    const card = page.locator('section.readconf');
    await card.locator(`li[data-readconf="${task.id}"] button:has-text("Läst och förstått")`).click();
    await card.locator('text=Du har inget att bekräfta.').waitFor();
    noErrors(page, 'my page (sv)');
    await page.context().close();

    await visit(owner, `/process/${task.process_id}/versions`);
    await owner.reload();
    await status.locator('text=Alla har bekräftat.').waitFor();
    assert.match(await status.textContent(), /Version 1: 1 av 1 har bekräftat/);
    noErrors(owner, 'versions (sv)');
    await owner.context().close();
  });
});
