/** The admin password the e2e server is started with (test-only; never a real secret). */
export const E2E_ADMIN_PASSWORD = 'e2e-admin-password';
