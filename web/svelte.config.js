import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
  preprocess: vitePreprocess(),
  kit: {
    // tests build into their own folders so they never replace the bundle a running system serves
    adapter: adapter({ out: process.env.CSMS_WEB_BUILD_DIR || 'build' }),
    outDir: process.env.CSMS_WEB_KIT_DIR || '.svelte-kit',
    // hooks.server.ts checks the origin of every browser write itself: without ORIGIN, adapter-node assumes https
    // and SvelteKit's own check would refuse the sign-in form of a plain-http installation
    csrf: { trustedOrigins: ['*'] },
    // absolute asset paths (/_app/…): the authorization hook answers a page it refuses with the "Access denied" page
    // rendered for /access-denied, whose relative paths would be wrong at the refused page's depth
    paths: { relative: false },
    // nonces for SvelteKit's own inline scripts, so no 'unsafe-inline' script is ever allowed (docs/security.md).
    // Styles keep 'unsafe-inline': Svelte writes style attributes, and a style cannot run code. No form-action: the
    // driver's payment form is answered with a redirect to Stripe Checkout, which form-action would block.
    csp: {
      mode: 'auto',
      directives: {
        'default-src': ['self'],
        'script-src': ['self'],
        'style-src': ['self', 'unsafe-inline'],
        'img-src': ['self', 'data:'],
        'connect-src': ['self'],
        'font-src': ['self'],
        'object-src': ['none'],
        'base-uri': ['self'],
        'frame-ancestors': ['none'],
      },
    },
  },
};

export default config;
