#!/usr/bin/env node
// The /docs check of issue 7: loads the gateway's docs page in headless Chromium (Debian's
// package, driven by playwright-core) and checks that the rendered page lists the movie and
// billing operations, that it fetched nothing from another origin (assets are embedded: the
// VMs may have no internet) and that its scripts raised no error; then saves a screenshot.
//
// Usage: node docs-check.js GATEWAY_URL SCREENSHOT.png
// Environment: CHROMIUM (default /usr/bin/chromium), NODE_PATH (where playwright-core is).
// Only loopback traffic: every request to another origin is aborted (and fails the check),
// and the host resolver maps every other name to nothing.
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const { chromium } = require('playwright-core');

/** How long the page may take to render every operation. */
const RENDER_TIMEOUT_MS = 20000;
/** The operations a reader must find on the page, each as its method next to its path. */
const EXPECTED_OPERATIONS = [
    'GET /api/movies', 'POST /api/movies', 'DELETE /api/movies',
    'GET /api/movies/{id}', 'PUT /api/movies/{id}', 'DELETE /api/movies/{id}',
    'POST /api/billing',
];

async function main() {
    const [gateway, screenshot] = process.argv.slice(2);
    if (!gateway || !screenshot) {
        throw new Error('usage: docs-check.js GATEWAY_URL SCREENSHOT.png');
    }
    const origin = new URL(gateway).origin;
    const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'docs-check-chromium-'));
    const problems = [];
    let context;
    try {
        context = await chromium.launchPersistentContext(userDataDir, {
            executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
            headless: true,
            viewport: { width: 1280, height: 900 },
            timeout: 60000,
            args: [
                '--headless',
                '--no-sandbox',
                '--disable-gpu',
                '--disable-quic',
                '--no-first-run',
                '--disable-background-networking',
                '--disable-component-update',
                '--disable-sync',
                // Nothing but the gateway's own host name resolves.
                `--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE ${new URL(gateway).hostname}`,
            ],
        });
        const page = context.pages()[0] || (await context.newPage());
        await page.route('**/*', (route) => {
            const url = route.request().url();
            if (url.startsWith('data:') || url.startsWith('blob:') || new URL(url).origin === origin) {
                return route.continue();
            }
            problems.push(`the page requested another origin: ${url}`);
            return route.abort();
        });
        page.on('pageerror', (error) => problems.push(`script error on the page: ${error.message}`));
        page.on('console', (message) => {
            if (message.type() === 'error') {
                problems.push(`console error: ${message.text()}`);
            }
        });
        page.on('requestfailed', (request) => {
            if (new URL(request.url()).origin === origin) {
                problems.push(`request failed: ${request.url()} (${request.failure()?.errorText})`);
            }
        });

        const response = await page.goto(`${gateway}/docs`, { waitUntil: 'load', timeout: RENDER_TIMEOUT_MS });
        if (!response || response.status() !== 200) {
            throw new Error(`GET ${gateway}/docs answered ${response ? response.status() : 'nothing'}`);
        }
        const contentType = response.headers()['content-type'] || '';
        if (!contentType.startsWith('text/html')) {
            problems.push(`/docs has Content-Type ${contentType}, expected text/html`);
        }
        // "GET /api/movies" matches the text "GET", whitespace, "/api/movies", then whitespace or the end.
        const patterns = EXPECTED_OPERATIONS.map((operation) => {
            const [method, path] = operation.split(' ');
            return `(^|\\s)${method}\\s+${path.replace(/[{}/]/g, '\\$&')}(\\s|$)`;
        });
        try {
            await page.waitForFunction(
                (sources) => document.body && sources.every((source) => new RegExp(source).test(document.body.innerText)),
                patterns,
                { timeout: RENDER_TIMEOUT_MS, polling: 100 },
            );
        } catch (error) {
            const text = await page.evaluate(() => (document.body ? document.body.innerText : ''));
            const missing = EXPECTED_OPERATIONS.filter((operation, i) => !new RegExp(patterns[i]).test(text));
            problems.push(`the rendered page does not list ${missing.map((t) => JSON.stringify(t)).join(', ')} ` +
                `within ${RENDER_TIMEOUT_MS} ms; its text starts: ${JSON.stringify(text.slice(0, 300))}`);
        }
        const title = await page.title();
        await page.screenshot({ path: screenshot, fullPage: true });
        const text = await page.evaluate(() => document.body.innerText);
        console.log(`docs-check: "${title}" rendered ${text.length} characters; screenshot ${screenshot}`);
    } finally {
        if (context) {
            await context.close();
        }
        fs.rmSync(userDataDir, { recursive: true, force: true });
    }
    if (problems.length > 0) {
        for (const problem of problems) {
            console.error(`docs-check: ${problem}`);
        }
        process.exit(1);
    }
    console.log(`docs-check: /docs lists ${EXPECTED_OPERATIONS.join(', ')}; no request left the gateway`);
}

main().catch((error) => {
    console.error(`docs-check: ${error.stack || error}`);
    process.exit(1);
});
