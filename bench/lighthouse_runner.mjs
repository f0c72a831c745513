// Runs Lighthouse on a list of pages in one Node process, on one Chrome, one page at a time.
// Called by bench/lighthouse.py: `node lighthouse_runner.mjs <lighthouse dir> <jobs.json>`.
// jobs.json: {"port": <Chrome's debugging port>, "jobs": [{"url", "cookie", "desktop", "out"}]}.
// Each job's full JSON report goes to its "out" file; one summary line per job to stdout.
// Starting Node and Lighthouse once instead of once per page saves 5-10 s a page on 2 cores.
import fs from 'node:fs';
import path from 'node:path';
import {pathToFileURL} from 'node:url';

const [lighthouseDir, jobsFile] = process.argv.slice(2);
const load = file => import(pathToFileURL(path.join(lighthouseDir, file)).href);
const lighthouse = (await load('core/index.js')).default;
const desktopConfig = (await load('core/config/desktop-config.js')).default;
const {port, jobs} = JSON.parse(fs.readFileSync(jobsFile, 'utf8'));
const puppeteer = (await import(pathToFileURL(
  path.join(lighthouseDir, '..', 'puppeteer-core', 'lib', 'esm', 'puppeteer', 'puppeteer-core.js'),
).href)).default;
const browser = await puppeteer.connect({browserURL: `http://127.0.0.1:${port}`});
const cdp = await browser.target().createCDPSession();
const CATEGORIES = ['accessibility', 'best-practices'];

for (const job of jobs) {
  const flags = {port, output: 'json', logLevel: 'error', onlyCategories: CATEGORIES,
    extraHeaders: job.cookie ? {Cookie: job.cookie} : undefined};
  const config = job.desktop
    ? {...desktopConfig, settings: {...desktopConfig.settings, onlyCategories: CATEGORIES}}
    : undefined;
  let line;
  try {
    // Lighthouse clears the origin's storage but not its cookies: a session cookie the last
    // page set would be sent beside (and before) this job's own.
    await cdp.send('Storage.clearCookies');
    const result = await lighthouse(job.url, flags, config);
    fs.writeFileSync(job.out, result.report);
    const lhr = result.lhr;
    const failing = [];
    for (const id of CATEGORIES) {
      for (const ref of lhr.categories[id].auditRefs) {
        const audit = lhr.audits[ref.id];
        if (audit.score !== null && audit.score < 1 && ref.weight > 0) failing.push(ref.id);
      }
    }
    line = {url: job.url, desktop: job.desktop, error: lhr.runtimeError?.code ?? null,
      scores: Object.fromEntries(CATEGORIES.map(id => [id, lhr.categories[id].score])),
      failing, final: lhr.finalDisplayedUrl};
  } catch (error) {
    line = {url: job.url, desktop: job.desktop, error: String(error), scores: {}, failing: []};
  }
  process.stdout.write(JSON.stringify(line) + '\n');
}
await browser.disconnect();
process.exit(0);
