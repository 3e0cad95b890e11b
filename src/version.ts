/** The released version, shown in reports. Kept in step with package.json by a test. */
export const VERSION = '0.1.0';
