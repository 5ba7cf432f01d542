import { readFileSync } from 'node:fs';
import { createOrganization, createUser, type TestUser } from '../support/auth';
import { type Page } from './support/deps';
import { openPage, pickOption, signInThroughForm } from './support/page';
import { screenAt } from './support/screens';
import { startBrowserWorld, type BrowserWorld } from './support/world';

/**
 * The counsellor's documents tab in Chromium against the real API: a file uploaded with its progress
 * shown, listed, downloaded (the saved bytes are the uploaded ones), a program named ".pdf" refused with
 * a clear Vietnamese message; at 1366 and 360 px. HAVEN_SCREENSHOTS=<dir> saves counsellor-documents*.png.
 */
const FILE_NAME = 'Giấy chứng nhận thương tích.pdf';
// A PDF of 3 MB: large enough for the progress to be seen.
const PDF = Buffer.concat([
  Buffer.from('%PDF-1.4\n1 0 obj << /Title (Giay chung nhan) >> endobj\n', 'latin1'),
  Buffer.alloc(3 * 1024 * 1024, 0x20),
  Buffer.from('\n%%EOF\n', 'latin1'),
]);

let world: BrowserWorld;
let counsellor: TestUser;
let supervisor: TestUser;

beforeAll(async () => {
  world = await startBrowserWorld();
  const centre = await createOrganization(world.db, { name: 'Trung tâm tài liệu thử' });
  counsellor = await createUser(world.db, { roles: ['counsellor'], organizationId: centre.id });
  supervisor = await createUser(world.db, { roles: ['supervisor'], organizationId: centre.id });
});

afterAll(() => world?.close());

/** Photographed at 1366 px only (the whole page), with no axe check of its own. */
const shot = (page: Page, name: string) => screenAt(page, 'counsellor-', name, { widths: [1366], axeAt: [] });

describe('the counsellor', () => {
  it('uploads a document with its progress shown, downloads the same bytes, and is told a program is refused', async () => {
    const { web, browser, req } = world;
    const c = await req<{ id: string }>(supervisor, 'POST', '/api/v1/cases', {
      channel: 'hotline',
      survivor: { sex: 'female' },
      incident: { violenceTypes: ['physical_assault'] },
    });
    expect(c.status).toBe(201);
    const assigned = await req(supervisor, 'POST', `/api/v1/cases/${c.body.id}/assignment`, {
      assigneeId: counsellor.id,
    });
    expect(assigned.status).toBe(200);

    // The case file's address (an id, nothing personal), then the sign-in form, which opens it.
    const { page, violations, urls } = await openPage(browser, `${web.url}/cases/${c.body.id}`);
    await signInThroughForm(page, counsellor);
    await page.getByRole('tab', { name: 'Tài liệu' }).click();
    await page.getByRole('tabpanel', { name: 'Tài liệu' }).waitFor();
    await page.getByText('Chưa có tài liệu nào.').waitFor();

    // The upload slowed to 1 MB/s (Chromium's network emulation), so that its progress is seen moving.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 20,
      downloadThroughput: -1,
      uploadThroughput: 1024 * 1024,
    });
    await pickOption(page, 'Loại tài liệu', 'Giấy tờ y tế');
    await page.locator('input[type=file]').setInputFiles({
      name: FILE_NAME,
      mimeType: 'application/pdf',
      buffer: PDF,
    });
    await page.getByRole('button', { name: 'Tải lên' }).click();
    await page.getByText(/Đang tải lên… [1-9]\d*%/).waitFor();
    await shot(page, 'documents-uploading');
    await page.getByText('Đã tải lên tài liệu.').waitFor({ timeout: 20_000 });
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: -1,
    });
    const row = page.getByTestId('document-row').filter({ hasText: FILE_NAME });
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain('Giấy tờ y tế');
    await expect(row.textContent()).resolves.toContain('3 MB');

    // Downloaded through a blob: the saved file is the uploaded one.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      row.getByRole('button', { name: 'Tải về' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(FILE_NAME);
    const saved = readFileSync(await download.path());
    expect(saved.equals(PDF)).toBe(true);
    await screenAt(page, 'counsellor-', 'documents', { widths: [1366] });

    // A program named ".pdf": refused, in plain Vietnamese.
    await page.locator('input[type=file]').setInputFiles({
      name: 'hoa-don.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00', 'latin1'), Buffer.alloc(2048)]),
    });
    await page.getByRole('button', { name: 'Tải lên' }).click();
    await page.getByText('Chỉ nhận tệp PDF, JPG hoặc PNG', { exact: false }).waitFor();
    await shot(page, 'documents-refused');

    // At 360 px: nothing wider, photographed as counsellor-documents-360.png, checked with axe.
    await screenAt(page, 'counsellor-', 'documents', { widths: [360], axeAt: [360] });

    expect(violations).toEqual([]);
    // No address the page asked for carries a token or the file's name.
    for (const u of urls) {
      expect(u).not.toMatch(/token|Bearer/i);
      expect(decodeURIComponent(u)).not.toContain('thương tích');
    }
    await page.context().close();
  });
});
