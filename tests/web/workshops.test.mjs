// The workshop loop in Swedish (issue 11 §4) on the demo workspace: a
// facilitator adds a workshop with participants and N votes, records dots
// from the wall on an idea (the total shows dots + votes), adds an item to
// the activity plan with a responsible person, and the group field is empty
// after adding an idea.
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

test('sv: workshop, dots from the wall, an activity-plan item, the group field cleared', async () => {
  const page = await newPage(browser, server.base, { lang: 'sv' });
  await signIn(page, 'handledare');
  await visit(page, '/assignments/1');
  await settle(page);
  // a workshop with participants and 3 votes each
  await page.click('button:has-text("Lägg till workshop")');
  const wf = page.locator('form[aria-label="Workshop"]');
  await wf.locator('input[name=title]').fill('Väggen vecka 12');
  await wf.locator('textarea[name=participants]').fill('Anna, Bo, Cecilia');
  await wf.locator('input[name=votes_per_participant]').fill('3');
  await wf.locator('button[type=submit]').click();
  await page.waitForSelector('ul.workshops li:has-text("Väggen vecka 12"):has-text("3 röster per deltagare")');
  assert.match(await page.textContent('ul.workshops'), /Deltagare: Anna, Bo, Cecilia/);
  // an idea with a group: both fields are empty afterwards
  await page.fill('form.quick-add input[name=text]', 'Blanketten på webben');
  await page.fill('form.quick-add input[name=group_name]', 'Väntetider');
  await page.click('form.quick-add button[type=submit]');
  const card = page.locator('.idea', { hasText: 'Blanketten på webben' });
  await card.waitFor();
  await page.waitForFunction(() => document.querySelector('form.quick-add input[name=text]').value === '');
  assert.equal(await page.inputValue('form.quick-add input[name=group_name]'), '');
  // dots from the wall: 4 dots, total 4
  const dots = card.locator('form.dots');
  if (await dots.locator('select').count()) await dots.locator('select').selectOption({ label: 'Väggen vecka 12' });
  await dots.locator('input[type=number]').fill('4');
  await dots.locator('button:has-text("Registrera prickar")').click();
  await page.waitForSelector('.idea:has-text("Blanketten på webben") .total:has-text("Totalt 4")');
  await axe(page, 'workshops and board (sv)');
  // the activity plan: add an item with a responsible person, a due date and a status
  await page.click('a:has-text("Aktivitetsplan")');
  await page.waitForSelector('.activity-plan h1');
  await page.click('button:has-text("Lägg till åtgärd")');
  const pf = page.locator('form[aria-label="Åtgärd i aktivitetsplanen"]');
  await pf.locator('textarea[name=improvement]').fill('Digital blankett');
  await pf.locator('select[name=responsible_id]').selectOption({ index: 1 });
  await pf.locator('input[name=due_date]').fill('2027-03-01');
  await pf.locator('select[name=status]').selectOption('ongoing');
  await pf.locator('button[type=submit]').click();
  await page.waitForSelector('table.plan td:has-text("Digital blankett")');
  const row = await page.textContent('table.plan tbody tr:has-text("Digital blankett")');
  assert.match(row, /Pågår/);
  await axe(page, 'activity plan (sv)');
  // the print view hides the buttons
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.isVisible('button:has-text("Skriv ut")'), false);
  assert.equal(await page.isVisible('header.top'), false);
  assert.equal(await page.isVisible('table.plan'), true);
  await page.emulateMedia({ media: 'screen' });
  noErrors(page, 'workshops (sv)');
  await page.context().close();
});
