// My page and the approval screen in bokmål and Swedish (issue 11 §5, §7), on
// the demo workspace: the responsible sees his overdue review and not the
// workspace's actions; the leader sees that his version was rejected and why;
// the owner sees old → new values of the submitted version with the change
// note and may decide; the submitter sees the same changes without the
// Approve / Reject buttons.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { axe, newPage, noErrors, settle, signIn, startAll, visit } from './helpers.mjs';

let server;
let browser;
before(async () => {
  ({ server, browser } = await startAll());
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test('nb: the responsible sees his overdue review and only his own actions', async () => {
  const page = await newPage(browser, server.base, { lang: 'nb' });
  await signIn(page, 'ansvarlig');
  await settle(page);
  await page.waitForSelector('#h-reviews');
  const reviews = await page.textContent('section[aria-labelledby=h-reviews]');
  assert.match(reviews, /Behandle studentklager/);
  assert.match(reviews, /dager på overtid/);
  const actions = await page.textContent('section[aria-labelledby=h-actions]');
  assert.match(actions, /klagenemnda/);
  assert.doesNotMatch(await page.textContent('main, body'), /checklista för fullständighet/);
  // His role does not cover the workspace-wide lists.
  assert.equal(await page.locator('nav a[href="#/reviews"]').count(), 0);
  await axe(page, 'my page (nb)');
  noErrors(page, 'my page (nb)');
  await page.context().close();
});

test('sv: the leader is told that his version was rejected, by whom and why', async () => {
  const page = await newPage(browser, server.base, { lang: 'sv' });
  await signIn(page, 'ledare');
  await settle(page);
  await page.waitForSelector('#h-submissions');
  const subs = await page.textContent('section[aria-labelledby=h-submissions]');
  assert.match(subs, /Avvisad av Anna Lindqvist/);
  assert.match(subs, /Väntetiden för komplettering saknas/);
  assert.match(await page.textContent('section[aria-labelledby=h-actions]'), /förfaller .*\(försenad\)/);
  noErrors(page, 'my page (sv)');
  await page.context().close();
});

test('sv: an assignment says in words why it is mine, never the API code', async () => {
  const page = await newPage(browser, server.base, { lang: 'sv' });
  await signIn(page, 'agare');
  await settle(page);
  await page.waitForSelector('#h-mapping');
  const mine = await page.textContent('section[aria-labelledby=h-mapping]');
  assert.match(mine, /som beställare/);
  assert.doesNotMatch(mine, /ordering_owner/);
  await page.context().close();
});

test('nb: the owner sees old → new values and the change note, and may decide', async () => {
  const page = await newPage(browser, server.base, { lang: 'nb' });
  await signIn(page, 'eier');
  await settle(page);
  await page.click('section[aria-labelledby=h-approvals] a');
  await settle(page);
  await page.waitForFunction(() => window.__kartla?.diffReady);
  const changes = await page.textContent('.changes');
  assert.match(changes, /Tid endret: Vurdere realkompetanse — Ventetid: 10 dager → 7 dager/);
  assert.match(changes, /Nytt navn: Kontrollere dokumentasjon → Kontrollere dokumentasjon digitalt/);
  assert.match(await page.textContent('.submitted'), /Sendt inn av Ola Hansen[\s\S]*Digital dokumentkontroll/);
  assert.equal(await page.locator('button:has-text("Godkjenn")').count(), 1);
  // The workspace-wide lists are in the owner's menu.
  assert.equal(await page.locator('nav a[href="#/reviews"]').count(), 1);
  await axe(page, 'approval (nb)');
  noErrors(page, 'approval (nb)');
  await page.context().close();
});

test('sv: the submitter sees the changes in Swedish but no Approve / Reject', async () => {
  const page = await newPage(browser, server.base, { lang: 'sv' });
  await signIn(page, 'ansvarlig');
  const vid = (await page.evaluate(() => fetch('/api/me/overview').then((r) => r.json()))).submissions[0];
  await visit(page, `/process/${vid.process_id}/approve/${vid.version_id}`);
  await page.waitForFunction(() => window.__kartla?.diffReady);
  const changes = await page.textContent('.changes');
  assert.match(changes, /Tid ändrad: Bedöma reell kompetens — Väntetid: 10 dagar → 7 dagar/);
  assert.match(changes, /Kontrollera dokumentation → Kontrollera dokumentation digitalt/);
  assert.equal(await page.locator('button:has-text("Godkänn")').count(), 0);
  assert.match(await page.textContent('.approval'), /Endast processägaren godkänner/);
  noErrors(page, 'approval (sv)');
  await page.context().close();
});

test('en and sv: overdue items say what they are in words, never the API code', async () => {
  for (const [lang, word] of [
    ['en', /risk action/],
    ['sv', /riskåtgärd/],
  ]) {
    const page = await newPage(browser, server.base, { lang });
    await signIn(page, 'handledare');
    await visit(page, '/reviews');
    await page.waitForSelector('#h-overdue');
    const overdue = await page.textContent('section[aria-labelledby=h-overdue]');
    assert.match(overdue, word);
    assert.doesNotMatch(overdue, /risk_action|training_task/);
    await page.context().close();
  }
});
