// One assessment behind every view: for each domain of the consistency matrix
// (tests/fixtures/zones/rollout.yaml), the page's summary line, journey, next step, Fix first and
// DMARC card say what its JSON export (the CLI's `inspect --json`) says; the wizard puts the
// domain at the stage the journey names; a failing message from the domain gets the same
// account of what receivers do; reports that saw the same record get the same account. The
// engine compares the views it renders in crates/engine/tests/consistency.rs.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { useEnvironment, screenshot, checkMessage } from './harness.mjs';

const env = useEnvironment({ before, after, beforeEach });
const MATRIX = ['none', 'q25', 'qt', 'q', 'r10', 'rt', 'r', 'norecord', 'invalid'];

const doh = () => encodeURIComponent(`${env.dns.url}/resolve`);

async function openDomain(page, domain) {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`${env.site.url}/?doh=${doh()}&domain=${domain}&selector=ramp`);
  await page.locator('.al-result[data-status="done"]').waitFor({ timeout: 20000 });
}

async function exportJson(page) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#al-export-json').click()]);
  return JSON.parse(await readFile(await download.path(), 'utf8'));
}

const text = async (loc) => (await loc.innerText()).replace(/\s+/g, ' ').trim();

test('the domain page says what its JSON says, for every stage of the rollout', async () => {
  const { page, errors } = env.browser;
  for (const name of MATRIX) {
    const domain = `${name}.ramp.example`;
    await openDomain(page, domain);
    const json = await exportJson(page);
    const s = json.summary;
    const dmarcLine = s.lines.find((l) => l.protocol === 'DMARC');
    // The summary line.
    const row = page.locator('.al-overview__line[data-protocol="DMARC"]');
    assert.match(await row.getAttribute('class'), new RegExp(`al-overview__line--${dmarcLine.status}\\b`), domain);
    assert.ok((await text(row.locator('.al-overview__verdict'))).startsWith(dmarcLine.verdict), domain);
    // The DMARC card: the same badge (its sentence is the summary's, said once), and the same
    // account of the receivers.
    const card = page.locator('.al-dmarc');
    assert.equal(await card.getAttribute('data-verdict'), s.dmarc.status, domain);
    assert.equal(await card.locator('.al-card__header [data-badge]').getAttribute('data-badge'), s.dmarc.status, domain);
    assert.equal(await row.locator('[data-badge]').getAttribute('data-badge'), s.dmarc.status, domain);
    const e = s.dmarc.enforcement;
    if (e) {
      const receivers = card.locator('.al-receivers');
      assert.equal(await receivers.getAttribute('data-agree'), e.agree ? 'yes' : 'no', domain);
      if (!e.agree) {
        for (const t of e.receivers) {
          assert.match(await text(receivers.locator(`[data-receivers="${t.receivers}"]`)), new RegExp(`: ${t.text}$`), domain);
        }
      }
    } else {
      assert.equal(await card.locator('.al-receivers').count(), 0, domain);
    }
    // The journey, its notes and the next step.
    for (const step of s.journey) {
      const li = page.locator(`.al-journey__step[data-step="${step.id}"]`);
      assert.equal(await li.getAttribute('data-state'), step.state, `${domain} ${step.id}`);
      if (step.note) assert.equal(await text(li.locator('.al-journey__note')), `partial: ${step.note}`, domain);
    }
    const nextStep = page.locator('.al-journey__step--next');
    assert.equal(await nextStep.count(), s.next_step ? 1 : 0, domain);
    if (s.next_step) assert.equal(await nextStep.getAttribute('data-step'), s.next_step, domain);
    assert.equal(await text(page.locator('.al-overview__next')), `Next: ${s.next_action}`, domain);
    // Fix first is the JSON's first finding.
    const fix = page.locator('.al-overview__fix');
    if (s.top_findings.length) assert.equal(await fix.getAttribute('data-code'), s.top_findings[0].code, domain);
    else assert.equal(await fix.count(), 0, domain);
    if (name === 'r10' || name === 'qt') await screenshot(page, `consistency-${name}`);
  }
  assert.deepEqual(errors, []);
});

test('the two partial domains: the lever is pct or t=, never a lower policy', async () => {
  const { page, errors } = env.browser;
  for (const [name, step, lever, words] of [
    ['r10', 'reject', /^Next: Raise pct from 10 to 100 \(or remove it\)/, 'p=reject; pct=10'],
    ['qt', 'quarantine', /^Next: Remove t=y/, 'p=quarantine; t=y'],
  ]) {
    await openDomain(page, `${name}.ramp.example`);
    const next = await text(page.locator('.al-overview__next'));
    assert.match(next, lever);
    assert.doesNotMatch(next, /raise the policy to p=quarantine/i);
    const li = page.locator(`.al-journey__step[data-step="${step}"]`);
    assert.equal(await li.getAttribute('data-state'), 'partial');
    assert.equal(await li.getAttribute('aria-current'), 'step');
    assert.equal(await text(li.locator('.al-journey__note')), `partial: ${words}`);
    // The card says what each kind of receiver does.
    const card = await text(page.locator('.al-dmarc .al-receivers'));
    assert.match(card, /RFC 9989 receivers \(they read t=, ignore pct=\): /);
    assert.match(card, /Receivers still on RFC 7489 \(they read pct=, ignore t=\): /);
  }
  assert.deepEqual(errors, []);
});

test('the wizard puts each domain at the stage the journey names, on every ramp', async () => {
  const { page, errors } = env.browser;
  for (const name of ['none', 'q25', 'qt', 'q', 'r10', 'rt', 'r']) {
    const domain = `${name}.ramp.example`;
    await openDomain(page, domain);
    const json = await exportJson(page);
    const e = json.summary.dmarc.enforcement;
    await page.goto(`${env.site.url}/?view=dmarc&doh=${doh()}&domain=${domain}&rua=dmarc@${domain}`);
    await page.locator('#al-wz-compare').click();
    for (const ramp of ['testing', 'pct', 'both']) {
      await page.locator('#al-wz-ramp').selectOption(ramp);
      const current = page.locator('.al-plan__stage--current');
      await current.waitFor({ timeout: 10000 });
      // The stage is at the journey's place: its title names the same step and state.
      const stageText = await text(current);
      const q = e.quarantine, r = e.reject;
      const stage = r === 'done' ? 5 : r === 'partial' ? 4 : q === 'done' ? 3 : q === 'partial' ? 2 : 1;
      const title = (await text(current.locator('strong').first())).replace(/^\d+\. /, '');
      const expected = [/^Monitor$/, /^Quarantine(, testing| \d)/, /^Quarantine$/, /^Reject(, testing| \d)/, /^Reject$/][stage - 1];
      assert.match(title, expected, `${domain} ${ramp}: ${stageText}`);
      if (name === 'r10' && ramp === 'pct') {
        assert.match(stageText, /Reject 10 % \(pct=10\)/);
        await screenshot(page, 'consistency-wizard-r10');
      }
    }
  }
  assert.deepEqual(errors, []);
});

test('a failing message from each domain gets the domain page\'s account of the receivers', async () => {
  const { page, errors } = env.browser;
  for (const name of ['none', 'q25', 'qt', 'r10', 'rt', 'r']) {
    const domain = `${name}.ramp.example`;
    await openDomain(page, domain);
    const json = await exportJson(page);
    const e = json.summary.dmarc.enforcement;
    await page.goto(`${env.site.url}/?view=message&doh=${doh()}`);
    await checkMessage(page, `From: Alice <alice@${domain}>\r\nTo: bob@example.net\r\nSubject: hello\r\nDate: Mon, 07 Dec 2026 10:00:00 +0000\r\nMessage-ID: <1@${domain}>\r\n\r\nHello.\r\n`);
    const verdict = await text(page.locator('.al-dmarc-verdict'));
    assert.match(verdict, /^fail DMARC fails/, domain);
    const written = json.summary.journey.find((st) => st.note && st.id !== 'dmarc-none')?.note;
    if (written) assert.ok(verdict.includes(`Under ${written},`), `${domain}: ${verdict}`);
    if (!e.agree) {
      for (const t of e.receivers) assert.ok(verdict.includes(t.text.replaceAll('failing mail', 'such mail')), `${domain}: ${t.text} / ${verdict}`);
    }
    const summary = await text(page.locator('.al-summary').first());
    assert.match(summary, new RegExp(`^Not authenticated: DMARC fails for ${domain.replaceAll('.', '\\.')} \\(p=`), summary);
    if (name !== 'none') assert.doesNotMatch(summary, /\(p=none\)/, summary);
    if (name === 'r10') await screenshot(page, 'consistency-message-r10');
  }
  assert.deepEqual(errors, []);
});

test('reports that saw p=reject; pct=10 tell the same story, and failing mail is never "safe"', async () => {
  const { page, errors } = env.browser;
  await openDomain(page, 'r10.ramp.example');
  const e = (await exportJson(page)).summary.dmarc.enforcement;
  await page.goto(`${env.site.url}/?view=reports&doh=${doh()}`);
  const xml = `<?xml version="1.0"?><feedback><version>1.0</version>
<report_metadata><org_name>r.example</org_name><email>d@r.example</email><report_id>r10</report_id>
<date_range><begin>1779235200</begin><end>1779321599</end></date_range></report_metadata>
<policy_published><domain>r10.ramp.example</domain><p>reject</p><pct>10</pct></policy_published>
<record><row><source_ip>192.0.2.99</source_ip><count>7</count><policy_evaluated><disposition>none</disposition><dkim>fail</dkim><spf>fail</spf></policy_evaluated></row>
<identifiers><header_from>r10.ramp.example</header_from></identifiers><auth_results><spf><domain>r10.ramp.example</domain><result>fail</result></spf></auth_results></record>
<record><row><source_ip>192.0.2.10</source_ip><count>23</count><policy_evaluated><disposition>none</disposition><dkim>pass</dkim><spf>pass</spf></policy_evaluated></row>
<identifiers><header_from>r10.ramp.example</header_from></identifiers><auth_results><spf><domain>r10.ramp.example</domain><result>pass</result></spf></auth_results></record>
</feedback>`;
  await page.locator('.al-reports__choose input[type=file]').setInputFiles({ name: 'r10.xml', mimeType: 'text/xml', buffer: Buffer.from(xml) });
  await page.locator('.al-reports__result[data-status="done"]').waitFor({ timeout: 20000 });
  const impact = page.locator('.al-reports__impact');
  const all = await text(impact);
  assert.match(all, /^Next step: p=reject check the sources/);
  assert.match(all, /At p=reject, 7 of 30 messages \(23\.3%\) from these sources would have been rejected/);
  assert.ok(all.includes(`Published in these reports: p=reject; pct=10: RFC 9989 receivers ${e.receivers[0].text}`), all);
  assert.doesNotMatch(all, /looks safe/);
  assert.equal(await impact.getAttribute('data-verdict'), 'only_unauthenticated');
  await screenshot(page, 'consistency-reports-r10');
  assert.deepEqual(errors, []);
});
