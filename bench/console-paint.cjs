// The console's pages as a browser gets them: first contentful paint and the HTML's size, per page.
// Needs Debian's Chromium and playwright-core (no browser download):
//   npm install --prefix /tmp/console-paint playwright-core@1.64.1
//   NODE_PATH=/tmp/console-paint/node_modules node bench/console-paint.cjs http://localhost:8080 admin:<password> \
//       /console /console/cases /console/followup ...
// Each page is loaded 5 times after one warm-up load, in zh-CN; the median is printed.
const { chromium } = require('playwright-core');

(async () => {
const [base, credentials, ...paths] = process.argv.slice(2);
const [user, password] = credentials.split(':');
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1366, height: 900 } });
const page = await context.newPage();
await page.goto(base + '/login');
await page.fill('input[name=username]', user);
await page.fill('input[name=password]', password);
await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);

const median = xs => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log('| page | HTML (KB) | first contentful paint (ms, median of 5) | server answer (ms) |');
console.log('|---|---:|---:|---:|');
for (const path of paths) {
  const paints = [], answers = [];
  let bytes = 0, status = 0;
  for (let i = 0; i < 6; i++) {
    const response = await page.goto(base + path, { waitUntil: 'load', timeout: 120000 });
    status = response.status();
    bytes = (await response.body()).length;
    const [fcp, ttfb] = await page.evaluate(() => {
      const paint = performance.getEntriesByName('first-contentful-paint')[0];
      const nav = performance.getEntriesByType('navigation')[0];
      return [paint ? paint.startTime : NaN, nav.responseEnd - nav.requestStart];
    });
    if (i > 0) { paints.push(fcp); answers.push(ttfb); }
  }
  console.log(`| \`${path}\`${status === 200 ? '' : ' (' + status + ')'} | ${(bytes / 1024).toFixed(1)} | ${median(paints).toFixed(0)} | ${median(answers).toFixed(0)} |`);
}
await browser.close();
})();
