/** The admin password the e2e server is started with (test-only; never a real secret). */
export const E2E_ADMIN_PASSWORD = 'e2e-admin-password';

/** Two more editors the e2e server starts with, for the specs where two people edit at once. */
export const E2E_EDITORS = { alice: 'e2e-alice-password', bob: 'e2e-bob-password' } as const;
