// Runs the built app (adapter-node) and stops it when the process that started it goes away: `npm start` talks to
// its children over an IPC channel, which closes even when the supervisor is killed with SIGKILL.
process.on('disconnect', () => process.kill(process.pid, 'SIGTERM'));
// adapter-node refuses bodies over BODY_SIZE_LIMIT (512 KB by default) before the app sees them; the API sets its own
// limit per operation (64 KiB by default, 8 MiB for a fleet import), so the adapter's must not be the lower one
process.env.BODY_SIZE_LIMIT ??= '16M';
await import('./build/index.js');
