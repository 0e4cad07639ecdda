import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [sveltekit()],
  server: { port: 8082, strictPort: true },
  // the workspace packages export TypeScript sources: bundle them (Node 20 cannot load .ts at run time)
  ssr: { noExternal: ['@csms/db', '@csms/temporal'] },
});
