/** Dev tooling: pinned installers for Go-built tools and the Temporal dev-server launcher. Node only. */
export * from './dev-server.ts';
export * from './install.ts';
export * from './paths.ts';
export * from './stripe-mock.ts';
export * from './python-tool.ts';
export * from './test-server.ts';
