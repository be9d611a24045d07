import { defineWebExtConfig } from 'wxt';

// `wxt dev` would try to open a browser window; on a machine without a display (CI, containers)
// that fails, so opening one is opt-in with WXT_OPEN_BROWSER=1.
export default defineWebExtConfig({
  disabled: process.env.WXT_OPEN_BROWSER !== '1',
});
