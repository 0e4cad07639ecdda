// Runs the built app (adapter-node) and stops it when the process that started it goes away: `npm start` talks to
// its children over an IPC channel, which closes even when the supervisor is killed with SIGKILL.
process.on('disconnect', () => process.kill(process.pid, 'SIGTERM'));
await import('./build/index.js');
