// Runs the built app (adapter-node) and stops it when the process that started it goes away: `npm start` talks to
// its children over an IPC channel, which closes even when the supervisor is killed with SIGKILL.
process.on('disconnect', () => process.kill(process.pid, 'SIGTERM'));
// On SIGTERM or SIGINT adapter-node stops taking requests, waits SHUTDOWN_TIMEOUT for those in flight (an overview's
// live stream never ends by itself), then the app closes its database and Temporal connection and the process ends.
// The IPC channel would hold the process open, so it no longer counts; the supervisor kills what is still running
// 15 s after its SIGTERM, so the wait must be shorter; and should any handle still hold the process, it exits anyway.
process.env.SHUTDOWN_TIMEOUT ??= '5';
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => {
    process.channel?.unref();
    setTimeout(() => process.exit(0), (Number(process.env.SHUTDOWN_TIMEOUT) + 5) * 1000).unref();
  });
}
// adapter-node refuses bodies over BODY_SIZE_LIMIT (512 KB by default) before the app sees them; the API sets its own
// limit per operation (64 KiB by default, 8 MiB for a fleet import), so the adapter's must not be the lower one
process.env.BODY_SIZE_LIMIT ??= '16M';
await import('./build/index.js');
