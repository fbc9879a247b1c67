// Projects and files in Chromium: a project created, a flow moved into it, the project downloaded
// and uploaded again, renamed and deleted; files uploaded (with progress), renamed, downloaded one
// and as a zip, deleted several and one.
import fs from 'node:fs';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { createUser } from '../helpers/auth.js';
import { api } from '../helpers/http.js';
import { createApiKeyFor, promptFlowData } from '../helpers/run-fixtures.js';
import { saveScreenshot } from './browser.js';
import { openPage, signIn, withServerAndBrowser } from './fixtures.js';

describe('projects and files', () => {
  const ui = withServerAndBrowser();

  it('creates a project, moves a flow into it, downloads and uploads it, renames and deletes it', async () => {
    const { server, browser } = ui;
    const user = await createUser(server, { username: 'organiser' });
    const key = (await createApiKeyFor(server, user.id)).key;
    await api(server.url, 'POST', '/api/v1/flows/', { headers: { 'x-api-key': key }, body: { name: 'Summariser', data: promptFlowData() } });
    const { page } = await openPage(browser, 'projects');
    await signIn(page, server.url, user.username, user.password);
    await page.waitForURL((url) => url.pathname === '/flows');

    await page.getByRole('button', { name: 'New project' }).click();
    const dialog = page.getByRole('dialog', { name: 'New project' });
    await dialog.getByLabel('Name').fill('Research');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await page.getByRole('heading', { name: 'Research', level: 1 }).waitFor();

    await page.getByRole('link', { name: /^All flows/ }).click();
    await page.getByRole('button', { name: 'Move Summariser' }).click();
    const move = page.getByRole('dialog', { name: 'Move “Summariser”' });
    await move.getByLabel('Project').selectOption({ label: 'Research' });
    await move.getByRole('button', { name: 'Move' }).click();
    await page.getByRole('link', { name: /^Research\s*1$/ }).click();
    await page.getByRole('link', { name: 'Summariser' }).waitFor();

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download project' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^\d{8}_\d{6}_Research_flows\.zip$/);
    const zipPath = await download.path();
    expect(Object.keys(unzipSync(new Uint8Array(fs.readFileSync(zipPath))))).toEqual(['Summariser.json']);

    await page.locator('label', { hasText: 'Upload project' }).locator('input[type=file]').setInputFiles({
      name: download.suggestedFilename(),
      mimeType: 'application/zip',
      buffer: fs.readFileSync(zipPath),
    });
    await page.getByRole('link', { name: /^Research \(1\)/ }).click();
    await page.getByRole('link', { name: 'Summariser (1)' }).waitFor();
    await saveScreenshot(page, 'projects');

    await page.getByRole('button', { name: 'Rename project' }).click();
    const rename = page.getByRole('dialog', { name: 'Rename project' });
    await rename.getByLabel('Name').fill('Research copy');
    await rename.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { name: 'Research copy', level: 1 }).waitFor();

    await page.getByRole('button', { name: 'Delete project' }).click();
    await page.getByRole('alertdialog', { name: 'Delete project?' }).getByRole('button', { name: 'Delete project' }).click();
    await page.waitForURL((url) => url.pathname === '/flows' && !url.search);
    const projects = (await api(server.url, 'GET', '/api/v1/projects/', { headers: { 'x-api-key': key } })).body.map((p: { name: string }) => p.name);
    expect(projects).toContain('Research');
    expect(projects).not.toContain('Research copy');
  });

  it('uploads files with progress, renames one, downloads a zip of two and deletes them', async () => {
    const { server, browser } = ui;
    const user = await createUser(server, { username: 'filer' });
    const key = (await createApiKeyFor(server, user.id)).key;
    const { page } = await openPage(browser, 'files');
    await signIn(page, server.url, user.username, user.password);
    await page.getByRole('link', { name: 'Files' }).click();
    await page.getByRole('heading', { name: 'Files', level: 1 }).waitFor();

    // The first upload is held at the network until its progress bar has been seen.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/api/v2/files', async (route) => {
      if (route.request().method() === 'POST') await held;
      await route.continue();
    });
    await page.locator('label', { hasText: 'Upload files' }).locator('input[type=file]').setInputFiles([
      { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('first notes') },
      { name: 'data.csv', mimeType: 'text/csv', buffer: Buffer.from('a,b\n1,2\n') },
    ]);
    await page.getByRole('progressbar', { name: 'Uploading notes.txt' }).waitFor();
    release();
    await page.getByRole('cell', { name: 'data', exact: true }).waitFor();
    await page.getByRole('cell', { name: 'notes', exact: true }).waitFor();
    await page.getByRole('progressbar').waitFor({ state: 'detached' });
    await page.unroute('**/api/v2/files');

    // One file downloads as itself.
    const [single] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download data' }).click()]);
    expect(single.suggestedFilename()).toBe('data.csv');
    expect(fs.readFileSync(await single.path(), 'utf8')).toBe('a,b\n1,2\n');

    await page.getByRole('button', { name: 'Rename notes' }).click();
    await page.getByRole('textbox', { name: 'New name for notes' }).fill('Meeting notes');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('cell', { name: 'Meeting notes', exact: true }).waitFor();
    await saveScreenshot(page, 'files-page');

    await page.getByRole('checkbox', { name: 'Select all files' }).check();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download selected (2)' }).click()]);
    const entries = unzipSync(new Uint8Array(fs.readFileSync(await download.path())));
    expect(Object.keys(entries).sort()).toEqual(['Meeting notes.txt', 'data.csv']);

    await page.getByRole('button', { name: 'Delete selected (2)' }).click();
    await page.getByRole('alertdialog', { name: 'Delete 2 files?' }).getByRole('button', { name: 'Delete' }).click();
    await page.getByText('No files yet.').waitFor();

    // One file deleted on its own row.
    await page.locator('label', { hasText: 'Upload files' }).locator('input[type=file]').setInputFiles({ name: 'last.txt', mimeType: 'text/plain', buffer: Buffer.from('x') });
    await page.getByRole('button', { name: 'Delete last' }).click();
    await page.getByRole('alertdialog', { name: 'Delete file?' }).getByRole('button', { name: 'Delete' }).click();
    await page.getByText('No files yet.').waitFor();
    const left = await fetch(`${server.url}/api/v2/files`, { headers: { 'x-api-key': key } });
    expect(await left.json()).toEqual([]);
  });
});
