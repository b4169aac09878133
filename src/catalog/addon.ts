/**
 * The add-on's name, the same everywhere: the Marketplace listing (docs/listing.md), the Apps Script
 * project, the Extensions menu (Sheets names an add-on's menu after its listing), the sidebar's title and
 * the dialogs. test/e2e/listing.test.ts checks every place.
 */
export const ADDON_NAME = 'Adapty';

/** Its menu, as user-facing text says it. */
export const ADDON_MENU = `Extensions › ${ADDON_NAME}`;
