// The page-wide rules of a finished page, shared by every page's tests: finding codes stand as
// labels and never inside a sentence; a sentence is said once; repeated controls have
// accessible names that tell them apart (read from Chromium's accessibility tree); nothing
// overflows the page, and a table wider than its column scrolls inside a container that shows it.
// Each returns what breaks the rule (an empty list when the page keeps it), so that a failing
// assertion names the offending text.

/** A finding code: a protocol's prefix and at least two more kebab-case words. */
// (Not a host name: `dkim-fail.faults.example` is a domain, not a code.)
export const CODE = /\b(?:spf|dkim|dmarc|arc|mx|mtasts|tlsrpt|bimi|dns|dnssec|msg|message|report|agg|build|aggregate|wizard|key|psl)-[a-z0-9]+(?:-[a-z0-9]+)*(?![\w-]|\.[a-z0-9])/;

/**
 * Text nodes under `root` that hold a finding code and other words: a code inside prose. A code
 * alone in its element (the label beside a finding) is fine; so are records, inputs and the
 * tools' own output of record text (`pre`, `code`, `textarea`).
 */
export async function codesInProse(page, root = 'main') {
  return page.evaluate(({ root, source }) => {
    const code = new RegExp(source);
    const out = [];
    for (const r of document.querySelectorAll(root)) {
      const walk = document.createTreeWalker(r, NodeFilter.SHOW_TEXT);
      for (let n = walk.nextNode(); n; n = walk.nextNode()) {
        const el = n.parentElement;
        if (!el || el.closest('pre, code, textarea, script, style, .al-record, [data-record]')) continue;
        const t = n.textContent.trim();
        if (code.test(t) && t.split(/\s+/).length > 1) out.push(`${el.tagName.toLowerCase()}.${el.className}: ${t.slice(0, 200)}`);
      }
    }
    return out;
  }, { root, source: CODE.source });
}

/**
 * Sentences of six words or more said more than once among the visible text under `root`
 * (controls, records and code excluded: the accessible-name rule covers controls).
 */
export async function repeatedSentences(page, root = 'main') {
  return page.evaluate((root) => {
    const seen = new Map();
    for (const r of document.querySelectorAll(root)) {
      const walk = document.createTreeWalker(r, NodeFilter.SHOW_TEXT);
      const blocks = new Map();
      for (let n = walk.nextNode(); n; n = walk.nextNode()) {
        const el = n.parentElement;
        // A filter's decoded header fields are data: two headers may carry the same field.
        if (!el || el.closest('pre, code, textarea, select, option, button, summary, label, script, style, .al-visually-hidden, [hidden], .al-antispam__fields')) continue;
        if (!el.checkVisibility()) continue;
        // The block the text belongs to: sentences are read per paragraph, cell or item.
        const block = el.closest('p, li, td, th, dd, dt, h1, h2, h3, h4, figcaption, caption, .al-badge, .al-verdict, div') ?? el;
        blocks.set(block, (blocks.get(block) ?? '') + n.textContent);
      }
      for (const text of blocks.values()) {
        for (const s of text.split(/(?<=[.;!?])\s+|\n/)) {
          const t = s.trim().replace(/\s+/g, ' ').replace(/[.;:!?]+$/, '').toLowerCase();
          if (t.split(' ').length < 6) continue;
          seen.set(t, (seen.get(t) ?? 0) + 1);
        }
      }
    }
    return [...seen].filter(([, n]) => n > 1).map(([t, n]) => `${n}× ${t}`);
  }, root);
}

/**
 * Accessible names (from Chromium's accessibility tree) shared by two or more of the page's
 * disclosure toggles (`<summary>`) or copy buttons.
 */
export async function repeatedNames(page) {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { nodes } = await cdp.send('Accessibility.getFullAXTree');
    const counts = new Map();
    for (const n of nodes) {
      if (n.ignored) continue;
      const role = n.role?.value;
      const name = (n.name?.value ?? '').trim();
      const toggle = role === 'DisclosureTriangle';
      const copy = role === 'button' && /^copy\b/i.test(name);
      if (!toggle && !copy) continue;
      counts.set(`${role}: ${name}`, (counts.get(`${role}: ${name}`) ?? 0) + 1);
    }
    return [...counts].filter(([, n]) => n > 1).map(([k, n]) => `${n}× ${k}`);
  } finally {
    await cdp.detach();
  }
}

/** Accessible names of the page's toggles and copy buttons, in order (for assertions). */
export async function controlNames(page) {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { nodes } = await cdp.send('Accessibility.getFullAXTree');
    return nodes
      .filter((n) => !n.ignored)
      .filter((n) => n.role?.value === 'DisclosureTriangle' || (n.role?.value === 'button' && /^copy\b/i.test(n.name?.value ?? '')))
      .map((n) => `${n.role.value}: ${n.name?.value ?? ''}`);
  } finally {
    await cdp.detach();
  }
}

/**
 * What overflows: the page itself wider than the viewport, and every element whose content is
 * wider than its box while it neither scrolls nor says so. A scroller must be `.al-scroll`
 * (overflow-x auto, with the edge shadows that show there is more); anything else wider than its
 * box is cut off.
 */
export async function overflow(page) {
  return page.evaluate(() => {
    const out = [];
    const doc = document.scrollingElement;
    if (doc.scrollWidth > doc.clientWidth + 1) out.push(`page: ${doc.scrollWidth}px wide in a ${doc.clientWidth}px viewport`);
    for (const el of document.querySelectorAll('main *')) {
      if (!el.checkVisibility() || el.closest('pre, textarea, .al-visually-hidden')) continue;
      if (el.scrollWidth <= el.clientWidth + 1 || el.clientWidth === 0) continue;
      const s = getComputedStyle(el);
      if (s.overflowX === 'visible' || s.display === 'inline') continue;
      const shown = el.classList.contains('al-scroll') && ['auto', 'scroll'].includes(s.overflowX) && s.backgroundImage.includes('gradient');
      if (!shown && !['auto', 'scroll'].includes(s.overflowX)) {
        // Cut off: content wider than a box that hides the rest (text-overflow ellipsis on one
        // line is a choice, not a loss, when the full text is in the title).
        if (s.textOverflow === 'ellipsis' && el.title) continue;
        out.push(`${el.tagName.toLowerCase()}.${el.className}: ${el.scrollWidth}px of content in ${el.clientWidth}px, hidden`);
      } else if (!shown) {
        out.push(`${el.tagName.toLowerCase()}.${el.className}: scrolls ${el.scrollWidth}px in ${el.clientWidth}px with nothing showing it`);
      }
    }
    return out;
  });
}
